using System.Globalization;
using Crema.Core.Timing;
using Cronos;

namespace Crema.Core.Scaling;

/// <summary>A parsed schedule: one local instant (<c>at(...)</c>) or a cron expression (<c>cron(...)</c>), both in a time zone.</summary>
public sealed class ScalingSchedule
{
    private readonly DateTime? _at;
    private readonly CronExpression? _cron;

    private ScalingSchedule(DateTime? at, CronExpression? cron, TimeZoneInfo zone)
    {
        _at = at;
        _cron = cron;
        Zone = zone;
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>True for a one-time schedule.</summary>
    public bool IsOneTime => _at.HasValue;

    /// <summary>Parses <paramref name="schedule"/> in <paramref name="timeZone"/>; the error names the field and the rule.</summary>
    public static bool TryParse(string? schedule, string? timeZone, out ScalingSchedule? parsed, out string error)
    {
        parsed = null;
        if (!TryFindZone(timeZone, out var zone))
        {
            error = $"TimeZone must be an IANA time zone such as Europe/London (got '{timeZone}').";
            return false;
        }
        var s = schedule?.Trim() ?? "";
        if (s.StartsWith("at(", StringComparison.Ordinal) && s.EndsWith(')'))
        {
            var text = s[3..^1];
            if (!DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            {
                error = $"Schedule at(...) must hold a local time yyyy-MM-ddTHH:mm:ss (got '{text}').";
                return false;
            }
            parsed = new ScalingSchedule(DateTime.SpecifyKind(at, DateTimeKind.Unspecified), null, zone);
            error = "";
            return true;
        }
        if (s.StartsWith("cron(", StringComparison.Ordinal) && s.EndsWith(')'))
        {
            var text = s[5..^1].Trim();
            if (!CronExpression.TryParse(text, CronFormat.Standard, out var cron))
            {
                error = $"Schedule cron(...) must hold five fields: minute hour day-of-month month day-of-week (got '{text}').";
                return false;
            }
            parsed = new ScalingSchedule(null, cron, zone);
            error = "";
            return true;
        }
        error = "Schedule must be at(yyyy-MM-ddTHH:mm:ss) or cron(minute hour day-of-month month day-of-week).";
        return false;
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after)
    {
        if (_cron is { } cron) return cron.GetNextOccurrence(after, Zone, inclusive: false);
        var at = ToInstant(_at!.Value, Zone);
        return at > after ? at : null;
    }

    /// <summary>A local wall-clock time as an instant: a time skipped by a daylight-saving jump fires at the jump; a repeated one at its first pass.</summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        if (zone.IsInvalidTime(local))
        {
            // Walk to the first valid minute: that wall time is the instant the clocks jumped.
            var t = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified);
            while (zone.IsInvalidTime(t)) t = t.AddMinutes(1);
            return new DateTimeOffset(t, zone.GetUtcOffset(t));
        }
        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            var first = offsets[0] > offsets[1] ? offsets[0] : offsets[1];
            return new DateTimeOffset(local, first);
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static bool TryFindZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        return string.IsNullOrWhiteSpace(id) || id == "UTC" || TimeZoneLookup.TryFind(id, out zone);
    }
}
