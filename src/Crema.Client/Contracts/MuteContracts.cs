namespace Crema.Client.Contracts;

/// <summary>POST /api/v1/mutes: create or replace a mute window (alarms still change state; their actions are not run).</summary>
public sealed record PutMuteRequest
{
    /// <summary>1–255 letters, digits, '.', '-' or '_'.</summary>
    public string? Name { get; init; }

    /// <summary>Alarm names, or patterns where * matches any run of characters and ? one character (e.g. "wait-*").</summary>
    public IReadOnlyList<string>? AlarmNamePatterns { get; init; }

    /// <summary>Why; required, at most 1023 characters; each muted action's history item repeats it.</summary>
    public string? Reason { get; init; }

    /// <summary>A one-off span's start (now, by the server's clock, when only <see cref="EndTime"/> is given); leave both out for a <see cref="Schedule"/>.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>A one-off span's end (exclusive).</summary>
    public DateTimeOffset? EndTime { get; init; }

    /// <summary>A weekly recurring window instead of a span.</summary>
    public MuteScheduleDto? Schedule { get; init; }

    /// <summary>Optional: from then on the window mutes nothing.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>A weekly schedule: on these days at this local time, for this many minutes of wall-clock time.</summary>
public sealed record MuteScheduleDto
{
    /// <summary>Monday…Sunday (or Mon…Sun, ranges such as mon-fri, weekdays, weekends, daily).</summary>
    public IReadOnlyList<string>? DaysOfWeek { get; init; }

    /// <summary>Local start time, HH:mm.</summary>
    public string? StartTime { get; init; }

    /// <summary>1 to 10080 (a week); "18:00 for 780" ends at 07:00 local even on the nights the clocks change.</summary>
    public int? DurationMinutes { get; init; }

    /// <summary>An IANA zone such as Europe/Berlin; UTC when absent.</summary>
    public string? TimeZone { get; init; }
}

/// <summary>A mute window and, as of the server's clock, whether it is active and when it next starts and ends.</summary>
public sealed record MuteDto
{
    public string Name { get; init; } = "";
    public IReadOnlyList<string> AlarmNamePatterns { get; init; } = [];
    public string Reason { get; init; } = "";
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
    public MuteScheduleDto? Schedule { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>ACTIVE (muting now), PENDING (will mute later) or ENDED (will not mute again).</summary>
    public string Status { get; init; } = "";

    /// <summary>When it next starts muting (after the current stretch, if active); null when it will not.</summary>
    public DateTimeOffset? NextStart { get; init; }

    /// <summary>When the current (or else the next) stretch of muting ends.</summary>
    public DateTimeOffset? NextEnd { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>GET /api/v1/mutes.</summary>
public sealed record ListMutesResponse(IReadOnlyList<MuteDto> Mutes);
