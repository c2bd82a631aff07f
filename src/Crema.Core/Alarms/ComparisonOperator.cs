namespace Crema.Core.Alarms;

/// <summary>How a datapoint is compared with the threshold (or, for the last three, with an anomaly band).</summary>
public enum ComparisonOperator
{
    GreaterThanOrEqualToThreshold,
    GreaterThanThreshold,
    LessThanThreshold,
    LessThanOrEqualToThreshold,
    LessThanLowerOrGreaterThanUpperThreshold,
    LessThanLowerThreshold,
    GreaterThanUpperThreshold,
}
