namespace Crema.Core.MetricMath;

/// <summary>Left ⊕ right for + − * /.</summary>
public sealed record BinaryExpr(BinaryOperator Operator, Expr Left, Expr Right, int Position, string Text) : Expr(Position, Text)
{
    public override IEnumerable<string> ReferencedIds() => IdsOf([Left, Right]);
}
