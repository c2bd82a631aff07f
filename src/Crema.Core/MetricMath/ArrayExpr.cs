namespace Crema.Core.MetricMath;

/// <summary>An array [a, b, …] whose items' series are concatenated into one list.</summary>
public sealed record ArrayExpr(IReadOnlyList<Expr> Items, int Position, string Text) : Expr(Position, Text)
{
    public override IEnumerable<string> ReferencedIds() => IdsOf(Items);
}
