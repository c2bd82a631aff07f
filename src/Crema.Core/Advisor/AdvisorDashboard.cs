namespace Crema.Core.Advisor;

/// <summary>A dashboard and the metrics its widgets reference.</summary>
public sealed record AdvisorDashboard(string Name, IReadOnlyList<AdvisorMetricRef> Metrics);
