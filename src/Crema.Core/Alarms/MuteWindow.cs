using Crema.Core.Identity;

namespace Crema.Core.Alarms;

/// <summary>
/// A mute window: while it is active, alarms whose names match one of its patterns still change state, but their
/// actions are not run (the history says so, with <see cref="Reason"/>). It is either a one-off span
/// (<see cref="Start"/> to <see cref="End"/>) or a weekly <see cref="Schedule"/>, and stops for good at
/// <see cref="ExpiresAt"/> when one is given.
/// </summary>
public sealed partial class MuteWindow
{
    /// <summary>Most patterns one window may list.</summary>
    public const int MaxPatterns = 50;

    /// <summary>Longest name, pattern (as alarm names) and reason.</summary>
    public const int MaxNameLength = 255;

    /// <inheritdoc cref="MaxNameLength"/>
    public const int MaxReasonLength = 1023;

    private readonly WildcardPattern[] _patterns;

    private MuteWindow(string name, IReadOnlyList<string> patterns, string reason, DateTimeOffset? start, DateTimeOffset? end, MuteWindowSchedule? schedule,
        DateTimeOffset? expiresAt)
    {
        Name = name;
        AlarmNamePatterns = patterns;
        Reason = reason;
        Start = start;
        End = end;
        Schedule = schedule;
        ExpiresAt = expiresAt;
        _patterns = new WildcardPattern[patterns.Count];
        for (var i = 0; i < patterns.Count; i++) _patterns[i] = new WildcardPattern(patterns[i]);
    }

    /// <summary>The window's name, unique among windows.</summary>
    public string Name { get; }

    /// <summary>Alarm names or patterns with <c>*</c> (any run of characters) and <c>?</c> (one character); case matters, as in alarm names.</summary>
    public IReadOnlyList<string> AlarmNamePatterns { get; }

    /// <summary>Why the alarms are muted (shown in each muted action's history item).</summary>
    public string Reason { get; }

    /// <summary>A one-off span's start (inclusive); null for a schedule.</summary>
    public DateTimeOffset? Start { get; }

    /// <summary>A one-off span's end (exclusive); null for a schedule.</summary>
    public DateTimeOffset? End { get; }

    /// <summary>The weekly schedule; null for a one-off span.</summary>
    public MuteWindowSchedule? Schedule { get; }

    /// <summary>From this moment on the window mutes nothing (an occurrence running then is cut short).</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>Whether the window applies to the alarm <paramref name="alarmName"/> (at some time).</summary>
    public bool Matches(string alarmName)
    {
        ArgumentNullException.ThrowIfNull(alarmName);
        foreach (var p in _patterns)
            if (p.IsMatch(alarmName)) return true;
        return false;
    }

    /// <summary>Whether the window silences actions at <paramref name="now"/>.</summary>
    public bool IsActive(DateTimeOffset now) => Current(now) is not null;

    /// <summary>Whether the window silences the actions of <paramref name="alarmName"/> at <paramref name="now"/>.</summary>
    public bool Mutes(string alarmName, DateTimeOffset now) => Matches(alarmName) && IsActive(now);

    /// <summary>The muted stretch around <paramref name="now"/> (cut at <see cref="ExpiresAt"/>), or null when the window is not active.</summary>
    public MuteWindowOccurrence? Current(DateTimeOffset now)
    {
        if (ExpiresAt is { } x && now >= x) return null;
        MuteWindowOccurrence? found;
        if (Schedule is null)
        {
            var span = new MuteWindowOccurrence(Start!.Value, End!.Value);
            found = span.Contains(now) ? span : null;
        }
        else
        {
            found = Schedule.Covering(now);
        }

        return found is { } f ? Cut(f) : null;
    }

    /// <summary>When the window next starts muting after <paramref name="now"/>; null when it never will (a span that began, or expiry).</summary>
    public DateTimeOffset? NextStart(DateTimeOffset now) => Next(now)?.Start;

    /// <summary>
    /// When muting next ends: the end of the current stretch while active, else the end of the next one; null when the
    /// window will not be active again.
    /// </summary>
    public DateTimeOffset? NextEnd(DateTimeOffset now) => (Current(now) ?? Next(now))?.End;

    // The first stretch that starts after `now` (after the current stretch, when active) and before expiry.
    private MuteWindowOccurrence? Next(DateTimeOffset now)
    {
        if (Current(now) is { } current) now = current.End;
        MuteWindowOccurrence next;
        if (Schedule is null)
        {
            if (Start!.Value <= now) return null;
            next = new MuteWindowOccurrence(Start.Value, End!.Value);
        }
        else
        {
            next = Schedule.NextAfter(now);

            // A stretch made of chained occurrences ends where the last of them does.
            if (Schedule.Covering(next.Start) is { } whole) next = new MuteWindowOccurrence(next.Start, whole.End);
        }

        if (ExpiresAt is { } x && next.Start >= x) return null;
        return Cut(next);
    }

    private MuteWindowOccurrence Cut(MuteWindowOccurrence o) =>
        ExpiresAt is { } x && o.End > x ? new MuteWindowOccurrence(o.Start, x) : o;
}
