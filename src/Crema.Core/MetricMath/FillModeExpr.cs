namespace Crema.Core.MetricMath;

/// <summary>The REPEAT or LINEAR keyword, valid only as FILL's second argument.</summary>
public sealed record FillModeExpr(FillMode Mode, int Position, string Text) : Expr(Position, Text)
{
    public override IEnumerable<string> ReferencedIds() => [];
}
