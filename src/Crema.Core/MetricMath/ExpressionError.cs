namespace Crema.Core.MetricMath;

/// <summary>Why an expression did not parse; Position is the 0-based character index of the problem.</summary>
public sealed record ExpressionError(int Position, string Message);
