namespace Crema.Core.MetricMath;

/// <summary>The query window [StartMs, EndMs) and period an expression is evaluated over (FILL uses its grid).</summary>
public sealed record EvaluationContext(long StartMs, long EndMs, int PeriodSeconds);
