namespace Crema.Core.Alarms;

/// <summary>Which of CloudWatch's documented rules decided an evaluation (for the reason, tests and debugging).</summary>
public enum AlarmDecision
{
    /// <summary>At least N real datapoints in the evaluation range: the N most recent real ones decide; missing data is not needed.</summary>
    RealDatapoints,

    /// <summary>Fewer than N real datapoints: the real ones were evaluated with the fewest missing ones filled as breaching or not breaching.</summary>
    FilledMissingData,

    /// <summary>Fewer than N real datapoints and treat-missing-data missing/ignore: the real datapoints alone decided (M breaching, or one not breaching).</summary>
    PartialRealDatapoints,

    /// <summary>"Avoiding premature transitions": a breaching datapoint at least M periods old followed only by missing or breaching ones.</summary>
    PrematureAlarmRule,

    /// <summary>Every datapoint in the evaluation range is missing and missing data is treated as missing.</summary>
    AllMissing,

    /// <summary>The data cannot decide (treat-missing-data ignore, or too few real breaching datapoints): the current state is kept.</summary>
    StateKept,

    /// <summary>A percentile alarm with EvaluateLowSampleCountPercentile ignore: the newest datapoint has too few samples, so the state is kept.</summary>
    LowSampleCount,
}
