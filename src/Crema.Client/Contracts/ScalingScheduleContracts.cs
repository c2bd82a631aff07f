namespace Crema.Client.Contracts;

/// <summary>PUT /api/v1/scaling/targets/{target}/scheduled-actions/{name}: set min, max and/or desired capacity at a time or on a cron schedule.</summary>
public sealed record PutScheduledActionRequest
{
    /// <summary>at(2025-03-03T07:15:00) or cron(15 7 * * MON-FRI), in <see cref="TimeZone"/>.</summary>
    public string? Schedule { get; init; }

    /// <summary>IANA zone; default UTC.</summary>
    public string? TimeZone { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
    public int? MinCapacity { get; init; }
    public int? MaxCapacity { get; init; }
    public int? DesiredCapacity { get; init; }
}

/// <summary>A scheduled action and when it runs next.</summary>
public sealed record ScheduledActionDto
{
    public string TargetName { get; init; } = "";
    public string Name { get; init; } = "";
    public string Schedule { get; init; } = "";
    public string TimeZone { get; init; } = "UTC";
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
    public int? MinCapacity { get; init; }
    public int? MaxCapacity { get; init; }
    public int? DesiredCapacity { get; init; }
    public DateTimeOffset? NextRunAt { get; init; }
    public DateTimeOffset? LastRunAt { get; init; }
}

/// <summary>GET …/scheduled-actions.</summary>
public sealed record ListScheduledActionsResponse(IReadOnlyList<ScheduledActionDto> ScheduledActions);
