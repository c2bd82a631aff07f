namespace Crema.Storage.Dashboards;

/// <summary>One dashboard in a list: everything but the body.</summary>
public sealed record DashboardListing(string Name, string? Title, int WidgetCount, long Size, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string UpdatedBy);
