namespace Crema.Core.Scaling;

/// <summary>Sets a target's minimum, maximum and/or desired capacity at a time or on a cron schedule.</summary>
public sealed record ScheduledAction
{
    public required string Name { get; init; }

    /// <summary><c>at(2025-03-03T07:15:00)</c> (local time in <see cref="TimeZone"/>) or <c>cron(15 7 * * MON-FRI)</c> (five fields).</summary>
    public required string Schedule { get; init; }

    /// <summary>IANA time zone of the schedule (default UTC); daylight saving is followed.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>No occurrence before this instant.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>No occurrence after this instant.</summary>
    public DateTimeOffset? EndTime { get; init; }

    public int? MinCapacity { get; init; }

    public int? MaxCapacity { get; init; }

    public int? DesiredCapacity { get; init; }
}
