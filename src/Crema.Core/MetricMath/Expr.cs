namespace Crema.Core.MetricMath;

/// <summary>A node of a parsed metric math expression.</summary>
/// <param name="Position">0-based index of the node's first character in the expression text.</param>
/// <param name="Text">The node's own source text; it labels the series the node computes.</param>
public abstract record Expr(int Position, string Text)
{
    /// <summary>The query ids the expression reads, each once, in order of first appearance.</summary>
    public abstract IEnumerable<string> ReferencedIds();

    /// <summary>Index just past the node's last character.</summary>
    public int End => Position + Text.Length;

    private protected static IEnumerable<string> IdsOf(IEnumerable<Expr> children) =>
        children.SelectMany(static c => c.ReferencedIds()).Distinct(StringComparer.Ordinal);
}
