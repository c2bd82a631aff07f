using System.Globalization;
using Crema.Core.Timing;

namespace Crema.Core.Alarms;

/// <summary>
/// A weekly recurring mute: on each of <see cref="Days"/> at <see cref="StartTime"/> local time in <see cref="TimeZone"/>,
/// for <see cref="Duration"/> of wall-clock time ("weekdays 18:00 for 13 h" always ends at 07:00 local, so it lasts
/// 12 or 14 real hours on the nights the clocks change).
/// </summary>
/// <remarks>
/// A local time the clocks skip (spring forward) is taken as the same distance past the jump (02:30 becomes 03:30);
/// a local time that happens twice (fall back) is the first of the two.
/// </remarks>
public sealed partial class MuteWindowSchedule
{
    /// <summary>The longest occurrence: a week, so that at most one week of past starts can cover a moment.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(7);

    // How far the occurrence search looks for chained (overlapping or back-to-back) occurrences; about three years of daily ones.
    private const int MaxChain = 1000;

    private MuteWindowSchedule(MuteWindowDays days, TimeOnly startTime, TimeSpan duration, TimeZoneInfo timeZone)
    {
        Days = days;
        StartTime = startTime;
        Duration = duration;
        TimeZone = timeZone;
    }

    /// <summary>The days an occurrence starts on (local dates).</summary>
    public MuteWindowDays Days { get; }

    /// <summary>The local time each occurrence starts.</summary>
    public TimeOnly StartTime { get; }

    /// <summary>How long each occurrence lasts on the wall clock.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The zone <see cref="StartTime"/> is read in.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Builds a schedule; false and the broken rule when a part is out of range or the zone is unknown.</summary>
    public static bool TryCreate(MuteWindowDays days, TimeOnly startTime, TimeSpan duration, string? timeZoneId, out MuteWindowSchedule? schedule, out MuteWindowError? error)
    {
        schedule = null;
        if ((days & MuteWindowDays.All) == MuteWindowDays.None || (days & ~MuteWindowDays.All) != MuteWindowDays.None)
            return Fail("schedule.daysOfWeek", "must name at least one day of the week", out error);
        if (duration <= TimeSpan.Zero || duration > MaxDuration) return Fail("schedule.durationMinutes", "must be from 1 minute to 7 days (10080 minutes)", out error);
        if (duration.Ticks % TimeSpan.TicksPerMinute != 0) return Fail("schedule.durationMinutes", "must be whole minutes", out error);
        if (startTime.Ticks % TimeSpan.TicksPerMinute != 0) return Fail("schedule.startTime", "must be whole minutes (HH:mm)", out error);
        if (!TryFindZone(timeZoneId ?? "UTC", out var zone))
            return Fail("schedule.timeZone", $"'{timeZoneId}' is not a known IANA time zone (such as Europe/Berlin or America/New_York)", out error);
        schedule = new MuteWindowSchedule(days, startTime, duration, zone);
        error = null;
        return true;
    }

    /// <summary>
    /// Builds a schedule from the API's fields: day names (Monday or Mon, or ranges and groups as <see cref="TryParseDays"/>
    /// reads them), a start time HH:mm, a duration in minutes and an IANA zone (UTC when absent).
    /// </summary>
    public static bool TryParse(IReadOnlyList<string>? daysOfWeek, string? startTime, int? durationMinutes, string? timeZoneId, out MuteWindowSchedule? schedule,
        out MuteWindowError? error)
    {
        schedule = null;
        var days = MuteWindowDays.None;
        if (daysOfWeek is not { Count: > 0 }) return Fail("schedule.daysOfWeek", "is required: one or more days such as Monday, or weekdays", out error);
        foreach (var text in daysOfWeek)
        {
            if (!TryParseDays(text, out var d))
                return Fail("schedule.daysOfWeek", $"'{text}' is not a day of the week (Monday…Sunday, Mon…Sun, a range such as mon-fri, weekdays, weekends or daily)", out error);
            days |= d;
        }

        if (string.IsNullOrEmpty(startTime)) return Fail("schedule.startTime", "is required (HH:mm, local time in the schedule's zone)", out error);
        if (!TimeOnly.TryParseExact(startTime, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            return Fail("schedule.startTime", $"'{startTime}' must be a local time HH:mm from 00:00 to 23:59", out error);
        if (durationMinutes is not { } minutes) return Fail("schedule.durationMinutes", "is required", out error);
        if (minutes < 1 || minutes > (int)MaxDuration.TotalMinutes) return Fail("schedule.durationMinutes", "must be from 1 minute to 7 days (10080 minutes)", out error);
        return TryCreate(days, start, TimeSpan.FromMinutes(minutes), timeZoneId, out schedule, out error);
    }

    /// <summary>The start time as the API shows it: HH:mm.</summary>
    public string StartTimeText => StartTime.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The zone's id as given (an IANA name).</summary>
    public string TimeZoneId => TimeZone.Id;

    /// <summary>The occurrence that starts on <paramref name="localDate"/> (whether or not that day is one of <see cref="Days"/>).</summary>
    public MuteWindowOccurrence OccurrenceOn(DateOnly localDate)
    {
        var local = localDate.ToDateTime(StartTime, DateTimeKind.Unspecified);
        var start = ToInstant(local, TimeZone);
        var end = ToInstant(local + Duration, TimeZone);

        // Only when the start falls in a skipped hour and the duration is shorter than the skip can the wall-clock end land
        // before the shifted start; then the real duration is the best reading left.
        if (end <= start) end = start + Duration;
        return new MuteWindowOccurrence(start, end);
    }

    /// <summary>Whether an occurrence starts on <paramref name="localDate"/>.</summary>
    public bool StartsOn(DateOnly localDate) => (Days & (MuteWindowDays)(1 << (int)localDate.DayOfWeek)) != 0;

    /// <summary>
    /// The stretch of muted time around <paramref name="at"/>: the occurrences covering it and those chained to them
    /// (overlapping or back to back), from the first one's start (looking back at most a week) to the last one's end;
    /// null when no occurrence covers it.
    /// </summary>
    public MuteWindowOccurrence? Covering(DateTimeOffset at)
    {
        var today = LocalDate(at);
        DateTimeOffset? start = null;
        var end = DateTimeOffset.MinValue;

        // An occurrence covering `at` started on a local date at most a week (its longest duration) and a day (the
        // start time and a DST shift) before today's.
        for (var date = today.AddDays(-(int)MaxDuration.TotalDays - 2); date <= today; date = date.AddDays(1))
        {
            if (!StartsOn(date)) continue;
            var o = OccurrenceOn(date);
            if (!o.Contains(at)) continue;
            if (start is null || o.Start < start) start = o.Start;
            if (o.End > end) end = o.End;
        }

        if (start is not { } s) return null;

        // Earlier occurrences that end where (or after) this stretch begins belong to it too (within the dates scanned).
        for (var date = today; date >= today.AddDays(-(int)MaxDuration.TotalDays - 2); date = date.AddDays(-1))
        {
            if (!StartsOn(date)) continue;
            var o = OccurrenceOn(date);
            if (o.Start < s && o.End >= s) s = o.Start;
        }

        var cursor = at;
        for (var i = 0; i < MaxChain; i++)
        {
            var next = NextAfter(cursor);
            if (next.Start > end) break;
            if (next.End > end) end = next.End;
            cursor = next.Start;
        }

        return new MuteWindowOccurrence(s, end);
    }

    /// <summary>The first occurrence that starts strictly after <paramref name="at"/>.</summary>
    public MuteWindowOccurrence NextAfter(DateTimeOffset at)
    {
        // Occurrences start in local-date order; one starting on yesterday's date can still be ahead only through a DST shift.
        var date = LocalDate(at).AddDays(-1);
        for (var i = 0; i < 16; i++, date = date.AddDays(1))
        {
            if (!StartsOn(date)) continue;
            var o = OccurrenceOn(date);
            if (o.Start > at) return o;
        }

        throw new InvalidOperationException("a schedule with at least one day always has an occurrence within two weeks");
    }

    /// <summary>The instant a local wall-clock time in <paramref name="zone"/> means (see the remarks on the type for skipped and repeated times).</summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // Skipped by a forward jump: read it with the offset in force before the jump, which lands the same distance past it.
            var before = zone.GetUtcOffset(local.AddDays(-1));
            return new DateTimeOffset(local, before);
        }

        if (zone.IsAmbiguousTime(local))
        {
            // Happens twice: the first pass is the one with the larger offset (still on summer time).
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            var first = offsets[0];
            foreach (var o in offsets) if (o > first) first = o;
            return new DateTimeOffset(local, first);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private DateOnly LocalDate(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZone).DateTime);

    private static bool TryFindZone(string id, out TimeZoneInfo zone) => TimeZoneLookup.TryFind(id, out zone);

    private static bool Fail(string field, string rule, out MuteWindowError? error)
    {
        error = new MuteWindowError(field, rule);
        return false;
    }
}
