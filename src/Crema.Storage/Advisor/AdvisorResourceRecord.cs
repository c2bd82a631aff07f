namespace Crema.Storage.Advisor;

/// <summary>
/// A business resource as stored: its cost per <see cref="CostPeriod"/> ("hour" or "month"), the metric that shows its use
/// (dimensions as a JSON object of name → value, or null) and the metric value that means full use.
/// </summary>
public sealed record AdvisorResourceRecord(
    string Name,
    string Kind,
    decimal Cost,
    string CostPeriod,
    string Currency,
    string Namespace,
    string MetricName,
    string? DimensionsJson,
    double Capacity,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
