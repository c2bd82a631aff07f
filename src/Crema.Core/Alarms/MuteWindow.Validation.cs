namespace Crema.Core.Alarms;

/// <summary>Building a window from the API's fields, with one error naming the field and the rule.</summary>
public sealed partial class MuteWindow
{
    /// <summary>
    /// Builds a window: a name (letters, digits, '.', '-', '_'), one or more alarm name patterns, a reason, and either
    /// <paramref name="start"/> and <paramref name="end"/> or <paramref name="schedule"/>.
    /// </summary>
    public static bool TryCreate(string? name, IReadOnlyList<string>? alarmNamePatterns, string? reason, DateTimeOffset? start, DateTimeOffset? end,
        MuteWindowSchedule? schedule, DateTimeOffset? expiresAt, out MuteWindow? window, out MuteWindowError? error)
    {
        window = null;
        if (!IsValidName(name)) return Fail("name", $"is required: 1 to {MaxNameLength} letters, digits, '.', '-' or '_'", out error);
        if (alarmNamePatterns is not { Count: > 0 }) return Fail("alarmNamePatterns", "must list at least one alarm name or pattern (* matches any run of characters)", out error);
        if (alarmNamePatterns.Count > MaxPatterns) return Fail("alarmNamePatterns", $"must list at most {MaxPatterns} patterns", out error);
        foreach (var p in alarmNamePatterns)
        {
            if (string.IsNullOrWhiteSpace(p) || p.Length > MaxNameLength)
                return Fail("alarmNamePatterns", $"each pattern must be 1 to {MaxNameLength} characters, not blank", out error);
        }

        if (string.IsNullOrWhiteSpace(reason)) return Fail("reason", "is required: say why the alarms are muted", out error);
        if (reason.Length > MaxReasonLength) return Fail("reason", $"must be at most {MaxReasonLength} characters", out error);

        if (schedule is not null)
        {
            if (start is not null || end is not null) return Fail("schedule", "give either startTime and endTime (one span) or schedule (recurring), not both", out error);
        }
        else
        {
            if (start is null && end is null) return Fail("schedule", "give either startTime and endTime (one span) or schedule (recurring)", out error);
            if (start is null) return Fail("startTime", "is required with endTime", out error);
            if (end is null) return Fail("endTime", "is required with startTime", out error);
            if (end <= start) return Fail("endTime", "must be after startTime", out error);
        }

        window = new MuteWindow(name!, [.. alarmNamePatterns], reason, start, end, schedule, expiresAt);
        error = null;
        return true;
    }

    private static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength) return false;
        foreach (var c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '_')) return false;
        return true;
    }

    private static bool Fail(string field, string rule, out MuteWindowError? error)
    {
        error = new MuteWindowError(field, rule);
        return false;
    }
}
