namespace Crema.Client.Contracts;

/// <summary>One scaling activity: what changed, why (a sentence), and how the actuator answered.</summary>
public sealed record ScalingActivityDto
{
    public string ActivityId { get; init; } = "";
    public string TargetName { get; init; } = "";

    /// <summary>ScaleOut, ScaleIn, Scheduled, Clamp, Manual or Retry.</summary>
    public string Kind { get; init; } = "";
    public string? PolicyName { get; init; }
    public int FromCapacity { get; init; }
    public int ToCapacity { get; init; }

    /// <summary>e.g. "Order wait p90 6.2 min is above the 4 min target: baristas 2 → 3".</summary>
    public string Cause { get; init; } = "";

    /// <summary>InProgress, Successful or Failed.</summary>
    public string Status { get; init; } = "";

    /// <summary>Why it failed.</summary>
    public string? StatusMessage { get; init; }

    /// <summary>1 for the first request, 2+ for retries.</summary>
    public int Attempt { get; init; }
    public DateTimeOffset StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
}

/// <summary>GET /api/v1/scaling/activities: newest first; pass NextToken for the next page.</summary>
public sealed record ListScalingActivitiesResponse(IReadOnlyList<ScalingActivityDto> Activities, string? NextToken);
