namespace Crema.Core.MetricMath;

/// <summary>A reference to another query's result by its id (ids start with a lowercase letter).</summary>
public sealed record IdExpr(string Id, int Position, string Text) : Expr(Position, Text)
{
    public override IEnumerable<string> ReferencedIds() => [Id];
}
