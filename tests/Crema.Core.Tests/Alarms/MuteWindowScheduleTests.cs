using Crema.Core.Alarms;

namespace Crema.Core.Tests.Alarms;

public class MuteWindowScheduleTests
{
    [Theory]
    [InlineData("mon-fri", MuteWindowDays.Weekdays)]
    [InlineData("weekdays", MuteWindowDays.Weekdays)]
    [InlineData("Sat,Sun", MuteWindowDays.Weekends)]
    [InlineData("WEEKENDS", MuteWindowDays.Weekends)]
    [InlineData("daily", MuteWindowDays.All)]
    [InlineData("Tuesday", MuteWindowDays.Tuesday)]
    [InlineData("fri-mon", MuteWindowDays.Friday | MuteWindowDays.Saturday | MuteWindowDays.Sunday | MuteWindowDays.Monday)]
    [InlineData("mon, wed ,fri", MuteWindowDays.Monday | MuteWindowDays.Wednesday | MuteWindowDays.Friday)]
    [InlineData("sun-sun", MuteWindowDays.Sunday)]
    public void Day_lists_ranges_and_groups_are_read(string text, MuteWindowDays expected)
    {
        Assert.True(MuteWindowSchedule.TryParseDays(text, out var days));
        Assert.Equal(expected, days);
    }

    [Theory]
    [InlineData("")]
    [InlineData("funday")]
    [InlineData("mo")]
    [InlineData("mon,")]
    [InlineData("mon-")]
    [InlineData("mon-xyz")]
    public void Unknown_days_are_refused(string text) => Assert.False(MuteWindowSchedule.TryParseDays(text, out _));

    [Fact]
    public void Days_are_written_Monday_first_and_read_back_the_same()
    {
        Assert.Equal(["Monday", "Friday", "Sunday"], MuteWindowSchedule.FormatDays(MuteWindowDays.Sunday | MuteWindowDays.Monday | MuteWindowDays.Friday));
        for (var bits = 1; bits < 128; bits++)
        {
            var days = (MuteWindowDays)bits;
            Assert.True(MuteWindowSchedule.TryParseDays(string.Join(',', MuteWindowSchedule.FormatDays(days)), out var back));
            Assert.Equal(days, back);
        }

        Assert.Equal("weekdays", MuteWindowSchedule.DescribeDays(MuteWindowDays.Weekdays));
        Assert.Equal("Mon, Wed", MuteWindowSchedule.DescribeDays(MuteWindowDays.Monday | MuteWindowDays.Wednesday));
    }

    [Theory]
    [InlineData(null, "18:00", 60, "UTC", "schedule.daysOfWeek")]
    [InlineData("funday", "18:00", 60, "UTC", "schedule.daysOfWeek")]
    [InlineData("mon", null, 60, "UTC", "schedule.startTime")]
    [InlineData("mon", "24:00", 60, "UTC", "schedule.startTime")]
    [InlineData("mon", "6pm", 60, "UTC", "schedule.startTime")]
    [InlineData("mon", "18:00", null, "UTC", "schedule.durationMinutes")]
    [InlineData("mon", "18:00", 0, "UTC", "schedule.durationMinutes")]
    [InlineData("mon", "18:00", 10081, "UTC", "schedule.durationMinutes")]
    [InlineData("mon", "18:00", 60, "Europe/Atlantis", "schedule.timeZone")]
    [InlineData("mon", "18:00", 60, "", "schedule.timeZone")]
    public void A_broken_schedule_is_refused_naming_the_field(string? days, string? start, int? minutes, string? zone, string field)
    {
        Assert.False(MuteWindowSchedule.TryParse(days is null ? null : [days], start, minutes, zone, out var s, out var error));
        Assert.Null(s);
        Assert.Equal(field, error!.Field);
    }

    [Fact]
    public void The_zone_defaults_to_UTC()
    {
        Assert.True(MuteWindowSchedule.TryParse(["mon"], "9:05", 5, null, out var s, out _));
        Assert.Equal("UTC", s!.TimeZoneId);
        Assert.Equal("09:05", s.StartTimeText);
    }

    /// <summary>
    /// Random schedules in zones with and without DST (north and south, and a half-hour offset) against a naive reading:
    /// an instant is muted when its local wall-clock time lies in [day + start, day + start + duration) for a listed day.
    /// Starts and ends avoid 01:00–04:00 local, where the clocks change and the naive reading has no single answer.
    /// </summary>
    [Fact]
    public void Activity_and_next_start_and_end_agree_with_a_naive_wall_clock_reading_across_two_years()
    {
        string[] zones = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC"];
        var rng = new Random(20250310);
        var from = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var checkedNext = 0;
        for (var c = 0; c < 60; c++)
        {
            var zoneId = zones[c % zones.Length];
            var days = (MuteWindowDays)rng.Next(1, 128);
            int startMinute, minutes;
            do
            {
                startMinute = rng.Next(0, 24 * 60);
                minutes = rng.Next(0, 4) == 0 ? rng.Next(1, 7 * 24 * 60 + 1) : rng.Next(1, 16 * 60);
            }
            while (InChangeHours(startMinute) || InChangeHours((startMinute + minutes) % (24 * 60)));
            var start = new TimeOnly(startMinute / 60, startMinute % 60);
            Assert.True(MuteWindowSchedule.TryCreate(days, start, TimeSpan.FromMinutes(minutes), zoneId, out var schedule, out var err), err?.ToString());
            Assert.True(MuteWindow.TryCreate("w", ["*"], "r", null, null, schedule, null, out var window, out _));
            var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            bool Naive(DateTimeOffset t) => NaiveActive(t, zone, days, start, minutes);

            for (var i = 0; i < 400; i++)
            {
                // Whole minutes, as starts, durations and offsets are.
                var t = from.AddMinutes(rng.Next(0, 2 * 366 * 24 * 60));
                Assert.True(Naive(t) == window!.IsActive(t), $"{zoneId} {days} {start} {minutes} min at {t:o}: naive {Naive(t)}");
            }

            // The next start and end by stepping minute by minute (when the window is not on for more than 8 days in a row).
            for (var i = 0; i < 3; i++)
            {
                var t = from.AddMinutes(rng.Next(0, 2 * 366 * 24 * 60));
                var step = t;
                var limit = t.AddDays(16);
                var active = Naive(t);
                DateTimeOffset? end = null;
                while (Naive(step) && step < limit) step = step.AddMinutes(1);
                if (active) end = step;
                while (!Naive(step) && step < limit) step = step.AddMinutes(1);
                if (step >= limit) continue;
                var nextStart = step;
                Assert.Equal(nextStart, window!.NextStart(t));
                if (end is not null) Assert.Equal(end, window.NextEnd(t));
                else
                {
                    while (Naive(step) && step < limit) step = step.AddMinutes(1);
                    if (step < limit) Assert.Equal(step, window.NextEnd(t));
                }

                checkedNext++;
            }
        }

        Assert.True(checkedNext > 100, $"only {checkedNext} next-start checks ran");
    }

    private static bool InChangeHours(int minuteOfDay) => minuteOfDay >= 60 && minuteOfDay < 4 * 60;

    private static bool NaiveActive(DateTimeOffset t, TimeZoneInfo zone, MuteWindowDays days, TimeOnly start, int minutes)
    {
        var local = TimeZoneInfo.ConvertTime(t, zone).DateTime;
        for (var back = 0; back <= 8; back++)
        {
            var day = local.Date.AddDays(-back);
            if ((days & (MuteWindowDays)(1 << (int)day.DayOfWeek)) == 0) continue;
            var s = day + start.ToTimeSpan();
            if (s <= local && local < s.AddMinutes(minutes)) return true;
        }

        return false;
    }
}
