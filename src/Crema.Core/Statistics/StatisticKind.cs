namespace Crema.Core.Statistics;

/// <summary>The statistics a period can be summarised by.</summary>
public enum StatisticKind
{
    SampleCount,
    Sum,
    Average,
    Minimum,
    Maximum,
    Percentile,
}
