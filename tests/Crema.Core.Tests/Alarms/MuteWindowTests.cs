using System.Text.Json;
using Crema.Core.Alarms;

namespace Crema.Core.Tests.Alarms;

public class MuteWindowTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 10, 8, 0, 0, TimeSpan.Zero);

    private static MuteWindow Span(DateTimeOffset start, DateTimeOffset end, DateTimeOffset? expires = null, params string[] patterns)
    {
        Assert.True(MuteWindow.TryCreate("deploy", patterns.Length == 0 ? ["*"] : patterns, "deploying the till software", start, end, null, expires, out var w, out var e), e?.ToString());
        return w!;
    }

    private static MuteWindowSchedule Schedule(MuteWindowDays days, string start, int minutes, string zone)
    {
        Assert.True(MuteWindowSchedule.TryParse([.. MuteWindowSchedule.FormatDays(days)], start, minutes, zone, out var s, out var e), e?.ToString());
        return s!;
    }

    private static MuteWindow Recurring(MuteWindowSchedule schedule, DateTimeOffset? expires = null)
    {
        Assert.True(MuteWindow.TryCreate("nights", ["wait-*"], "shop closed", null, null, schedule, expires, out var w, out var e), e?.ToString());
        return w!;
    }

    [Fact]
    public void A_span_is_active_from_its_start_inclusive_to_its_end_exclusive()
    {
        var w = Span(T0, T0.AddHours(2));
        Assert.False(w.IsActive(T0.AddTicks(-1)));
        Assert.True(w.IsActive(T0));
        Assert.True(w.IsActive(T0.AddHours(2).AddTicks(-1)));
        Assert.False(w.IsActive(T0.AddHours(2)));

        Assert.Equal(T0, w.NextStart(T0.AddMinutes(-5)));
        Assert.Equal(T0.AddHours(2), w.NextEnd(T0.AddMinutes(-5)));
        Assert.Null(w.NextStart(T0.AddMinutes(5)));
        Assert.Equal(T0.AddHours(2), w.NextEnd(T0.AddMinutes(5)));
        Assert.Null(w.NextStart(T0.AddHours(3)));
        Assert.Null(w.NextEnd(T0.AddHours(3)));
    }

    [Fact]
    public void Expiry_cuts_a_span_short_and_nothing_is_muted_after_it()
    {
        var w = Span(T0, T0.AddHours(2), T0.AddHours(1));
        Assert.True(w.IsActive(T0.AddMinutes(59)));
        Assert.False(w.IsActive(T0.AddMinutes(60)));
        Assert.Equal(T0.AddHours(1), w.NextEnd(T0.AddMinutes(10)));
    }

    [Theory]
    [InlineData("wait-*", "wait-central", true)]
    [InlineData("wait-*", "wait-", true)]
    [InlineData("wait-*", "Wait-central", false)]
    [InlineData("wait-*", "milk-central", false)]
    [InlineData("*-central", "milk-central", true)]
    [InlineData("*-central", "milk-central-2", false)]
    [InlineData("milk-?", "milk-1", true)]
    [InlineData("milk-?", "milk-12", false)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "exact2", false)]
    [InlineData("*", "anything at all", true)]
    public void Patterns_match_whole_alarm_names_with_star_and_question_mark(string pattern, string alarm, bool expected)
    {
        var w = Span(T0, T0.AddHours(1), null, "unrelated", pattern);
        Assert.Equal(expected, w.Matches(alarm));
        Assert.Equal(expected, w.Mutes(alarm, T0));
        Assert.False(w.Mutes(alarm, T0.AddHours(1)));
    }

    [Fact]
    public void Weekday_nights_in_Berlin_run_across_midnight_and_skip_the_weekend()
    {
        var w = Recurring(Schedule(MuteWindowDays.Weekdays, "18:00", 13 * 60, "Europe/Berlin"));
        static DateTimeOffset Berlin(int day, int hour, int minute = 0) => new(2025, 3, day, hour, minute, 0, TimeSpan.FromHours(1)); // CET in early March

        Assert.False(w.IsActive(Berlin(7, 17, 59)));   // Friday before
        Assert.True(w.IsActive(Berlin(7, 18)));        // Friday 18:00
        Assert.True(w.IsActive(Berlin(8, 0, 30)));     // past midnight, Saturday
        Assert.True(w.IsActive(Berlin(8, 6, 59)));
        Assert.False(w.IsActive(Berlin(8, 7)));        // Friday's night ends Saturday 07:00
        Assert.False(w.IsActive(Berlin(8, 20)));       // no Saturday night
        Assert.False(w.IsActive(Berlin(10, 3)));       // nor Sunday night
        Assert.True(w.IsActive(Berlin(10, 18, 1)));    // Monday again
        Assert.Equal(Berlin(8, 7), w.NextEnd(Berlin(7, 23)));
        Assert.Equal(Berlin(10, 18), w.NextStart(Berlin(8, 9)));
        Assert.Equal(Berlin(11, 7), w.NextEnd(Berlin(8, 9)));
        Assert.Equal(Berlin(10, 18), w.NextStart(Berlin(7, 23))); // while active: the next separate start
    }

    [Fact]
    public void A_night_across_the_spring_change_ends_at_7_local_and_lasts_12_real_hours()
    {
        // Europe/Berlin moves from +01:00 to +02:00 at 02:00 local on Sunday 30 March 2025.
        var s = Schedule(MuteWindowDays.Saturday, "18:00", 13 * 60, "Europe/Berlin");
        var o = s.OccurrenceOn(new DateOnly(2025, 3, 29));
        Assert.Equal(new DateTimeOffset(2025, 3, 29, 17, 0, 0, TimeSpan.Zero), o.Start);
        Assert.Equal(new DateTimeOffset(2025, 3, 30, 5, 0, 0, TimeSpan.Zero), o.End);
        Assert.Equal(new DateTimeOffset(2025, 3, 30, 7, 0, 0, TimeSpan.FromHours(2)), o.End);
        Assert.Equal(TimeSpan.FromHours(12), o.End - o.Start);

        var w = Recurring(s);
        Assert.True(w.IsActive(new DateTimeOffset(2025, 3, 30, 6, 59, 0, TimeSpan.FromHours(2))));
        Assert.False(w.IsActive(new DateTimeOffset(2025, 3, 30, 7, 0, 0, TimeSpan.FromHours(2))));
    }

    [Fact]
    public void A_night_across_the_autumn_change_ends_at_7_local_and_lasts_14_real_hours()
    {
        // Europe/Berlin moves from +02:00 back to +01:00 at 03:00 local on Sunday 26 October 2025.
        var s = Schedule(MuteWindowDays.Saturday, "18:00", 13 * 60, "Europe/Berlin");
        var o = s.OccurrenceOn(new DateOnly(2025, 10, 25));
        Assert.Equal(new DateTimeOffset(2025, 10, 25, 16, 0, 0, TimeSpan.Zero), o.Start);
        Assert.Equal(new DateTimeOffset(2025, 10, 26, 7, 0, 0, TimeSpan.FromHours(1)), o.End);
        Assert.Equal(TimeSpan.FromHours(14), o.End - o.Start);
    }

    [Fact]
    public void A_start_the_clocks_skip_moves_past_the_jump_and_a_repeated_one_is_the_first_pass()
    {
        var skipped = Schedule(MuteWindowDays.All, "02:30", 120, "Europe/Berlin").OccurrenceOn(new DateOnly(2025, 3, 30));
        Assert.Equal(new DateTimeOffset(2025, 3, 30, 3, 30, 0, TimeSpan.FromHours(2)), skipped.Start);
        Assert.Equal(new DateTimeOffset(2025, 3, 30, 4, 30, 0, TimeSpan.FromHours(2)), skipped.End); // 04:30 on the wall clock

        var repeated = Schedule(MuteWindowDays.All, "02:30", 60, "Europe/Berlin").OccurrenceOn(new DateOnly(2025, 10, 26));
        Assert.Equal(new DateTimeOffset(2025, 10, 26, 2, 30, 0, TimeSpan.FromHours(2)), repeated.Start);
        Assert.Equal(new DateTimeOffset(2025, 10, 26, 3, 30, 0, TimeSpan.FromHours(1)), repeated.End);

        // New York springs forward at 02:00 on 9 March 2025: 02:15 is skipped, and a 30-minute window still lasts 30 minutes.
        var ny = Schedule(MuteWindowDays.All, "02:15", 30, "America/New_York").OccurrenceOn(new DateOnly(2025, 3, 9));
        Assert.Equal(new DateTimeOffset(2025, 3, 9, 3, 15, 0, TimeSpan.FromHours(-4)), ny.Start);
        Assert.Equal(TimeSpan.FromMinutes(30), ny.End - ny.Start);
    }

    [Fact]
    public void Expiry_cuts_a_running_occurrence_and_no_later_one_starts()
    {
        var expires = new DateTimeOffset(2025, 3, 11, 0, 0, 0, TimeSpan.Zero);
        var w = Recurring(Schedule(MuteWindowDays.All, "18:00", 13 * 60, "UTC"), expires);
        Assert.True(w.IsActive(expires.AddTicks(-1)));
        Assert.False(w.IsActive(expires));
        Assert.Equal(expires, w.NextEnd(expires.AddHours(-1)));
        Assert.Null(w.NextStart(expires.AddHours(-1)));
        Assert.Null(w.NextEnd(expires));
        Assert.False(w.IsActive(expires.AddDays(1)));
    }

    [Fact]
    public void Back_to_back_occurrences_form_one_stretch()
    {
        // Mon–Fri 09:00 for 24 h: muted from Monday 09:00 to Saturday 09:00 without a break.
        var w = Recurring(Schedule(MuteWindowDays.Weekdays, "09:00", 24 * 60, "UTC"));
        var monday = new DateTimeOffset(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);
        var current = w.Current(monday.AddDays(1));
        Assert.Equal(new MuteWindowOccurrence(monday, monday.AddDays(5)), current);
        Assert.Equal(monday.AddDays(5), w.NextEnd(monday.AddHours(1)));
        Assert.Equal(monday.AddDays(7), w.NextStart(monday.AddHours(1)));
    }

    [Fact]
    public void The_muted_action_history_item_names_the_window_its_reason_and_the_end()
    {
        var w = Span(T0, T0.AddHours(2));
        var item = w.MutedAction("wait-central", "shop-alerts", AlarmState.Alarm, T0.AddMinutes(30));
        Assert.Equal(AlarmHistoryItemType.Action, item.Type);
        Assert.Equal("wait-central", item.AlarmName);
        Assert.Equal("Action shop-alerts muted by mute window \"deploy\": deploying the till software (muted until 2025-03-10 10:00Z)", item.Summary);
        using var doc = JsonDocument.Parse(item.DataJson);
        Assert.Equal("Muted", doc.RootElement.GetProperty("actionState").GetString());
        Assert.Equal("ALARM", doc.RootElement.GetProperty("stateValue").GetString());
        Assert.Equal("deploy", doc.RootElement.GetProperty("muteWindow").GetString());
        Assert.Equal("deploying the till software", doc.RootElement.GetProperty("muteReason").GetString());
        Assert.Equal("2025-03-10T10:00:00.000+0000", doc.RootElement.GetProperty("mutedUntil").GetString());
    }

    public static TheoryData<string?, string[]?, string?, int?, int?, bool, string> Invalid => new()
    {
        { null, ["*"], "r", 0, 60, false, "name" },
        { "has space", ["*"], "r", 0, 60, false, "name" },
        { "ok", null, "r", 0, 60, false, "alarmNamePatterns" },
        { "ok", [], "r", 0, 60, false, "alarmNamePatterns" },
        { "ok", [" "], "r", 0, 60, false, "alarmNamePatterns" },
        { "ok", ["*"], null, 0, 60, false, "reason" },
        { "ok", ["*"], "  ", 0, 60, false, "reason" },
        { "ok", ["*"], "r", null, null, false, "schedule" },
        { "ok", ["*"], "r", 0, 60, true, "schedule" },
        { "ok", ["*"], "r", null, 60, false, "startTime" },
        { "ok", ["*"], "r", 0, null, false, "endTime" },
        { "ok", ["*"], "r", 60, 60, false, "endTime" },
        { "ok", ["*"], "r", 60, 0, false, "endTime" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void A_broken_window_is_refused_naming_the_field(string? name, string[]? patterns, string? reason, int? startMinute, int? endMinute, bool withSchedule, string field)
    {
        var schedule = withSchedule ? Schedule(MuteWindowDays.All, "18:00", 60, "UTC") : null;
        Assert.False(MuteWindow.TryCreate(name, patterns, reason, startMinute is { } s ? T0.AddMinutes(s) : null, endMinute is { } e ? T0.AddMinutes(e) : null,
            schedule, null, out var w, out var error));
        Assert.Null(w);
        Assert.Equal(field, error!.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Rule));
    }
}
