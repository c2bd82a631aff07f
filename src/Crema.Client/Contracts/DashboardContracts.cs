using System.Text.Json.Nodes;

namespace Crema.Client.Contracts;

/// <summary>One dashboard in GET /api/v1/dashboards: everything but the body.</summary>
public sealed record DashboardSummaryDto
{
    public string Name { get; init; } = "";

    /// <summary>The body's title, or null when it has none.</summary>
    public string? Title { get; init; }

    public int WidgetCount { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The user who last put, renamed or duplicated it.</summary>
    public string UpdatedBy { get; init; } = "";

    /// <summary>The body's size in UTF-8 bytes.</summary>
    public long Size { get; init; }
}

/// <summary>GET /api/v1/dashboards.</summary>
public sealed record ListDashboardsResponse(IReadOnlyList<DashboardSummaryDto> Dashboards);

/// <summary>GET /api/v1/dashboards/{name}: the body as stored (see docs/formats/dashboards.md) and what a list shows of it.</summary>
public sealed record DashboardDto
{
    public string Name { get; init; } = "";

    /// <summary>The dashboard body, exactly as it was put.</summary>
    public JsonObject Body { get; init; } = [];

    public string? Title { get; init; }

    public int WidgetCount { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public string UpdatedBy { get; init; } = "";

    public long Size { get; init; }
}

/// <summary>POST /api/v1/dashboards/{name}/rename and /duplicate.</summary>
public sealed record DashboardNewNameRequest
{
    /// <summary>1–255 characters of A-Z a-z 0-9 - _, not in use.</summary>
    public string? NewName { get; init; }
}
