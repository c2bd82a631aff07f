namespace Crema.Core.Dashboards;

/// <summary>What a list shows of a valid body, and the names it refers to.</summary>
/// <param name="Title">The body's title, or null when it has none.</param>
/// <param name="WidgetCount">How many widgets it has.</param>
/// <param name="AlarmNames">Every alarm name its widgets name (shading or alarm lists), distinct, in order of appearance.</param>
/// <param name="Namespaces">Every metric namespace its queries read, distinct, in order of appearance.</param>
public sealed record DashboardSummary(string? Title, int WidgetCount, IReadOnlyList<string> AlarmNames, IReadOnlyList<string> Namespaces);
