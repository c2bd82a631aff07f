namespace Crema.Client.Contracts;

/// <summary>How Crema reaches a target's capacity: a signed webhook, or (when the server allows it) a local command.</summary>
public sealed record ScalingActuatorDto
{
    /// <summary>"webhook" or "command".</summary>
    public string? Type { get; init; }

    /// <summary>Webhook: the http(s) URL Crema POSTs the desired capacity to and GETs the actual capacity from.</summary>
    public string? Url { get; init; }

    /// <summary>Command: the program to run (no shell); it gets its arguments then "set N" or "get".</summary>
    public string? Command { get; init; }

    /// <summary>Command: arguments before "set N" / "get".</summary>
    public IReadOnlyList<string>? Arguments { get; init; }

    /// <summary>Seconds to wait for an answer: 1 to 300 (default 10 for a webhook, 30 for a command).</summary>
    public int? TimeoutSeconds { get; init; }
}

/// <summary>PUT /api/v1/scaling/targets/{name}: register a scalable target or change it (omitted fields keep their value).</summary>
public sealed record PutScalableTargetRequest
{
    public string? Description { get; init; }

    public int? MinCapacity { get; init; }

    public int? MaxCapacity { get; init; }

    /// <summary>The capacity in service now (a new target defaults to MinCapacity); registering does not call the actuator.</summary>
    public int? DesiredCapacity { get; init; }

    /// <summary>What one unit is called in causes ("baristas"); default "capacity".</summary>
    public string? CapacityUnit { get; init; }

    /// <summary>When true no policy lowers the capacity.</summary>
    public bool? ScaleInProtected { get; init; }

    /// <summary>Required for a new target.</summary>
    public ScalingActuatorDto? Actuator { get; init; }
}

/// <summary>Which kinds of scaling are suspended.</summary>
public sealed record ScalingSuspendedStateDto
{
    public bool? DynamicScalingInSuspended { get; init; }

    public bool? DynamicScalingOutSuspended { get; init; }

    public bool? ScheduledScalingSuspended { get; init; }
}

/// <summary>A scalable target as the server holds it.</summary>
public sealed record ScalableTargetDto
{
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public int MinCapacity { get; init; }
    public int MaxCapacity { get; init; }
    public int DesiredCapacity { get; init; }

    /// <summary>What the actuator last reported; null when unknown.</summary>
    public int? ActualCapacity { get; init; }
    public string CapacityUnit { get; init; } = "capacity";
    public bool ScaleInProtected { get; init; }
    public ScalingSuspendedStateDto SuspendedState { get; init; } = new();

    /// <summary>The actuator without its secret.</summary>
    public ScalingActuatorDto? Actuator { get; init; }

    /// <summary>Failed actuator requests in a row; the next retry is at <see cref="NextRetryAt"/>.</summary>
    public int FailedAttempts { get; init; }
    public DateTimeOffset? NextRetryAt { get; init; }
    public IReadOnlyList<string> Policies { get; init; } = [];
    public IReadOnlyList<string> ScheduledActions { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>The answer to PUT target: the target, and for a new webhook target the signing secret (shown this once).</summary>
public sealed record PutScalableTargetResponse
{
    public ScalableTargetDto Target { get; init; } = new();

    /// <summary>"whsec_…": the webhook verifies X-Crema-Signature with it, as alarm webhooks do.</summary>
    public string? WebhookSecret { get; init; }

    /// <summary>True when the target was new.</summary>
    public bool Created { get; init; }
}

/// <summary>GET /api/v1/scaling/targets.</summary>
public sealed record ListScalableTargetsResponse(IReadOnlyList<ScalableTargetDto> Targets);

/// <summary>POST …/suspend or …/resume: the kinds to change; none given means all three.</summary>
public sealed record SuspendScalingRequest
{
    public bool? DynamicScalingIn { get; init; }
    public bool? DynamicScalingOut { get; init; }
    public bool? ScheduledScaling { get; init; }
}

/// <summary>POST …/desired-capacity: set the capacity by hand (within [min, max]); the actuator is called at once.</summary>
public sealed record SetDesiredCapacityRequest
{
    public int? DesiredCapacity { get; init; }

    /// <summary>Optional: why, for the activity's cause.</summary>
    public string? Reason { get; init; }
}
