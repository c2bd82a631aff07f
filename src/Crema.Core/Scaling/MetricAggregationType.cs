namespace Crema.Core.Scaling;

/// <summary>How a step policy combines the breaching datapoints into the one value compared with the steps.</summary>
public enum MetricAggregationType
{
    Average,
    Minimum,
    Maximum,
}
