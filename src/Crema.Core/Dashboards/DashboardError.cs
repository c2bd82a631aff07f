namespace Crema.Core.Dashboards;

/// <summary>One broken rule: the field's path in the body (e.g. <c>widgets[2].properties.metrics[0].id</c>) and the rule.</summary>
public sealed record DashboardError(string Path, string Rule);
