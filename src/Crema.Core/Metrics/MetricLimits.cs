namespace Crema.Core.Metrics;

/// <summary>CloudWatch's limits, which Crema's native API keeps.</summary>
public static class MetricLimits
{
    public const int MaxNameLength = 255;
    public const int MaxDimensionValueLength = 1024;
    public const int MaxDimensions = 30;
    public const int MaxDatumsPerRequest = 1000;
    public const int MaxValuesPerDatum = 150;
    public const int MaxQueriesPerRequest = 500;
    public const int DefaultMaxDatapoints = 100_800;
}
