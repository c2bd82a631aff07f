namespace Crema.Core.Alarms;

/// <summary>What a percentile alarm does with a period that has too few samples to be statistically significant (CloudWatch's EvaluateLowSampleCountPercentile).</summary>
public enum LowSampleCountPercentile
{
    /// <summary>Evaluate anyway and possibly change state (the default).</summary>
    Evaluate,

    /// <summary>Keep the state while the newest datapoint has fewer samples than the percentile needs.</summary>
    Ignore,
}
