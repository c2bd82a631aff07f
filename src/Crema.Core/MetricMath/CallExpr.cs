namespace Crema.Core.MetricMath;

/// <summary>A function call; Function is the canonical upper-case name (see <see cref="MathFunctions"/>).</summary>
public sealed record CallExpr(string Function, IReadOnlyList<Expr> Arguments, int Position, string Text) : Expr(Position, Text)
{
    public override IEnumerable<string> ReferencedIds() => IdsOf(Arguments);
}
