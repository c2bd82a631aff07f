using Crema.Core.Scaling;
using static Crema.Core.Tests.Scaling.Scenario;

namespace Crema.Core.Tests.Scaling;

public class ScheduledScalingTests
{
    private static ScheduledAction Cron(string cron, string zone = "Europe/London", int? min = 4) => new()
    {
        Name = "morning",
        Schedule = "cron(" + cron + ")",
        TimeZone = zone,
        MinCapacity = min,
    };

    private static List<DateTimeOffset> Occurrences(ScheduledAction action, DateTimeOffset from, DateTimeOffset to)
    {
        var list = new List<DateTimeOffset>();
        for (var t = ScheduledScaling.NextOccurrence(action, from); t is { } at && at <= to; t = ScheduledScaling.NextOccurrence(action, at)) list.Add(at);
        return list;
    }

    [Fact]
    public void Cron_follows_local_time_across_the_spring_daylight_saving_change()
    {
        // London moves from GMT to BST at 01:00 UTC on Sunday 30 March 2025.
        var from = new DateTimeOffset(2025, 3, 27, 0, 0, 0, TimeSpan.Zero);
        var times = Occurrences(Cron("30 7 * * *"), from, from.AddDays(6));
        Assert.Equal(6, times.Count);
        foreach (var t in times)
        {
            var expectedUtcHour = t.UtcDateTime.Date >= new DateTime(2025, 3, 30) ? 6 : 7;
            Assert.Equal(expectedUtcHour, t.UtcDateTime.Hour);
            Assert.Equal(30, t.UtcDateTime.Minute);
        }

        // 01:30 does not exist that Sunday: the action runs once, when the clocks jump (02:00 BST = 01:00 UTC).
        var skipped = Occurrences(Cron("30 1 * * *"), new DateTimeOffset(2025, 3, 30, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 30, 23, 0, 0, TimeSpan.Zero));
        Assert.Equal([new DateTimeOffset(2025, 3, 30, 1, 0, 0, TimeSpan.Zero)], skipped);
    }

    [Fact]
    public void Cron_runs_once_in_the_repeated_hour_of_the_autumn_change()
    {
        // New York repeats 01:00–02:00 on 2 November 2025 (EDT → EST at 06:00 UTC).
        var day = new DateTimeOffset(2025, 11, 2, 0, 0, 0, TimeSpan.Zero);
        var times = Occurrences(Cron("30 1 * * *", "America/New_York"), day, day.AddDays(1));
        Assert.Equal([new DateTimeOffset(2025, 11, 2, 5, 30, 0, TimeSpan.Zero)], times);
    }

    [Fact]
    public void At_is_local_time_in_the_zone_and_start_and_end_bound_every_schedule()
    {
        var at = new ScheduledAction { Name = "event", Schedule = "at(2025-07-01T08:00:00)", TimeZone = "Europe/London", DesiredCapacity = 6 };
        Assert.Equal(new DateTimeOffset(2025, 7, 1, 7, 0, 0, TimeSpan.Zero), ScheduledScaling.NextOccurrence(at, Now));
        Assert.Null(ScheduledScaling.NextOccurrence(at, new DateTimeOffset(2025, 7, 1, 7, 0, 0, TimeSpan.Zero)));

        var bounded = Cron("0 9 * * *", "UTC") with
        {
            StartTime = new DateTimeOffset(2025, 3, 5, 9, 0, 0, TimeSpan.Zero),
            EndTime = new DateTimeOffset(2025, 3, 7, 12, 0, 0, TimeSpan.Zero),
        };
        var times = Occurrences(bounded, Now, Now.AddDays(30));
        Assert.Equal([5, 6, 7], times.Select(t => t.Day));
    }

    [Fact]
    public void Due_lists_each_action_once_at_its_latest_occurrence_oldest_first()
    {
        var every15 = Cron("*/15 * * * *", "UTC") with { Name = "every15" };
        var daily = Cron("40 8 * * *", "UTC") with { Name = "daily" };
        var due = ScheduledScaling.Due([daily, every15], Now, Now.AddMinutes(50));
        Assert.Equal(["daily", "every15"], due.Select(d => d.Action.Name));
        Assert.Equal(Now.AddMinutes(40), due[0].At);
        Assert.Equal(Now.AddMinutes(45), due[1].At);
        Assert.Empty(ScheduledScaling.Due([daily], Now.AddMinutes(40), Now.AddMinutes(50)));
    }

    [Fact]
    public void Applying_moves_the_range_and_clamps_desired_into_it()
    {
        var target = Target(2, min: 1, max: 10);
        var raise = ScheduledScaling.Apply(target, Cron("0 7 * * *", min: 4), Now);
        Assert.Equal((4, 10, 4), (raise.Target.MinCapacity, raise.Target.MaxCapacity, raise.Target.DesiredCapacity));
        Assert.Equal(ScalingDecisionKind.Scheduled, raise.Decision.Kind);
        Assert.Equal("Scheduled action \"morning\" at 2025-03-03 08:00 UTC: minimum 1 → 4, baristas 2 → 4", raise.Decision.Cause);

        var lower = ScheduledScaling.Apply(Target(8), new ScheduledAction { Name = "night", Schedule = "cron(0 20 * * *)", MaxCapacity = 3 }, Now);
        Assert.Equal(3, lower.Target.DesiredCapacity);

        var exact = ScheduledScaling.Apply(Target(8), new ScheduledAction { Name = "x", Schedule = "cron(0 20 * * *)", MinCapacity = 2, MaxCapacity = 6, DesiredCapacity = 5 }, Now);
        Assert.Equal((2, 6, 5), (exact.Target.MinCapacity, exact.Target.MaxCapacity, exact.Target.DesiredCapacity));

        var conflict = ScheduledScaling.Apply(Target(2, max: 3), Cron("0 7 * * *", min: 5), Now);
        Assert.False(conflict.Decision.Changed);
        Assert.Equal(1, conflict.Target.MinCapacity);
        Assert.Contains("would be above the maximum 3", conflict.Decision.Cause);

        var suspended = ScheduledScaling.Apply(target with { Suspended = new ScalingSuspension(false, false, true) }, Cron("0 7 * * *", min: 4), Now);
        Assert.Equal(1, suspended.Target.MinCapacity);
        Assert.Contains("suspended", suspended.Decision.Cause);
    }

    [Theory]
    [InlineData("cron(0 7 * * *)", "Mars/Olympus", "TimeZone")]
    [InlineData("cron(0 7 * *)", "UTC", "Schedule")]
    [InlineData("cron(61 7 * * *)", "UTC", "Schedule")]
    [InlineData("at(2025-13-01T07:00:00)", "UTC", "Schedule")]
    [InlineData("rate(5 minutes)", "UTC", "Schedule")]
    public void Bad_schedules_and_zones_are_rejected_naming_the_field(string schedule, string zone, string field)
    {
        var errors = ScalingValidation.Validate(new ScheduledAction { Name = "a", Schedule = schedule, TimeZone = zone, MinCapacity = 1 });
        Assert.Contains(errors, e => e.Field == field);
    }

    [Fact]
    public void An_action_must_set_something_consistent()
    {
        Assert.Contains(ScalingValidation.Validate(new ScheduledAction { Name = "a", Schedule = "cron(0 7 * * *)" }), e => e.Field == "ScalableTargetAction");
        Assert.Contains(ScalingValidation.Validate(new ScheduledAction { Name = "a", Schedule = "cron(0 7 * * *)", MinCapacity = 5, MaxCapacity = 2 }), e => e.Field == "MaxCapacity");
        Assert.Contains(ScalingValidation.Validate(new ScheduledAction { Name = "a", Schedule = "cron(0 7 * * *)", MinCapacity = 2, MaxCapacity = 4, DesiredCapacity = 9 }), e => e.Field == "DesiredCapacity");
        Assert.Empty(ScalingValidation.Validate(new ScheduledAction { Name = "a", Schedule = "cron(0 7 * * MON-FRI)", TimeZone = "Europe/Berlin", MinCapacity = 2 }));
    }
}
