namespace Crema.Core.MetricMath;

/// <summary>Unary minus.</summary>
public sealed record NegateExpr(Expr Operand, int Position, string Text) : Expr(Position, Text)
{
    public override IEnumerable<string> ReferencedIds() => Operand.ReferencedIds();
}
