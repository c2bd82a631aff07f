using System.Text.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Core.Alarms;

namespace Crema.Server.Alarms;

/// <summary>Between the API's mute records and the model: validation, the normalised form that is stored, and the view.</summary>
internal static class MuteMapping
{
    /// <summary>The window a request describes, or null and the first rule it breaks.</summary>
    public static MuteWindow? ToWindow(PutMuteRequest request, out MuteWindowError? error)
    {
        ArgumentNullException.ThrowIfNull(request);
        MuteWindowSchedule? schedule = null;
        if (request.Schedule is { } s && !MuteWindowSchedule.TryParse(s.DaysOfWeek, s.StartTime, s.DurationMinutes, s.TimeZone, out schedule, out error)) return null;
        MuteWindow.TryCreate(request.Name, request.AlarmNamePatterns, request.Reason, request.StartTime, request.EndTime, schedule, request.ExpiresAt, out var window, out error);
        return window;
    }

    /// <summary>The request as stored and shown: days as full names, the time as HH:mm, the zone's id, times in UTC.</summary>
    public static PutMuteRequest Normalize(MuteWindow w) => new()
    {
        Name = w.Name,
        AlarmNamePatterns = w.AlarmNamePatterns,
        Reason = w.Reason,
        StartTime = w.Start?.ToUniversalTime(),
        EndTime = w.End?.ToUniversalTime(),
        Schedule = w.Schedule is { } s
            ? new MuteScheduleDto
            {
                DaysOfWeek = MuteWindowSchedule.FormatDays(s.Days),
                StartTime = s.StartTimeText,
                DurationMinutes = (int)s.Duration.TotalMinutes,
                TimeZone = s.TimeZoneId,
            }
            : null,
        ExpiresAt = w.ExpiresAt?.ToUniversalTime(),
    };

    public static string Serialize(PutMuteRequest r) => JsonSerializer.Serialize(r, CremaJson.Options);

    public static PutMuteRequest Parse(string json) => JsonSerializer.Deserialize<PutMuteRequest>(json, CremaJson.Options)!;

    /// <summary>The view as of <paramref name="now"/>; a stored window that no longer validates (its zone is gone) shows as INVALID and mutes nothing.</summary>
    public static MuteDto ToDto(PutMuteRequest r, MuteWindow? w, DateTimeOffset created, DateTimeOffset updated, DateTimeOffset now)
    {
        var active = w?.IsActive(now) == true;
        var nextStart = w?.NextStart(now);
        return new MuteDto
        {
            Name = r.Name ?? "",
            AlarmNamePatterns = r.AlarmNamePatterns ?? [],
            Reason = r.Reason ?? "",
            StartTime = r.StartTime,
            EndTime = r.EndTime,
            Schedule = r.Schedule,
            ExpiresAt = r.ExpiresAt,
            Status = w is null ? "INVALID" : active ? "ACTIVE" : nextStart is not null ? "PENDING" : "ENDED",
            NextStart = nextStart,
            NextEnd = w?.NextEnd(now),
            CreatedAt = created,
            UpdatedAt = updated,
        };
    }
}
