namespace Crema.Core.MetricMath;

/// <summary>A numeric literal such as 2, 0.5 or 1e3.</summary>
public sealed record NumberExpr(double Value, int Position, string Text) : Expr(Position, Text)
{
    public override IEnumerable<string> ReferencedIds() => [];
}
