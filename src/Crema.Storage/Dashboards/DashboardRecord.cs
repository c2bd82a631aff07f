namespace Crema.Storage.Dashboards;

/// <summary>A stored dashboard: its validated body as JSON text, what a list shows of it, and who changed it last.</summary>
/// <param name="Name">The unique name (case-sensitive).</param>
/// <param name="BodyJson">The body exactly as validated.</param>
/// <param name="Title">The body's title, or null.</param>
/// <param name="WidgetCount">How many widgets the body has.</param>
/// <param name="Size">The body's size in UTF-8 bytes.</param>
/// <param name="CreatedAt">When the name was first stored (a replaced dashboard keeps it).</param>
/// <param name="UpdatedAt">When it was last put, renamed or duplicated.</param>
/// <param name="UpdatedBy">Who did that (a user name).</param>
public sealed record DashboardRecord(string Name, string BodyJson, string? Title, int WidgetCount, long Size, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    string UpdatedBy);
