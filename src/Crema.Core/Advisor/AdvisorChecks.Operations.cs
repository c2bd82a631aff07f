namespace Crema.Core.Advisor;

public static partial class AdvisorChecks
{
    /// <summary>An alarm in INSUFFICIENT_DATA longer than this is yellow; longer than a week red.</summary>
    public static readonly TimeSpan StuckAfter = TimeSpan.FromDays(1);

    public static readonly AdvisorCheck AlarmsWithoutActions = new("operational-excellence-alarms-without-actions", AdvisorPillar.OperationalExcellence, "Alarms without actions",
        "Looks at each alarm's actions (on ALARM, OK and INSUFFICIENT_DATA).",
        "Yellow for each alarm that has no action at all: it changes state and nobody hears of it.",
        s =>
        {
            var items = new List<AdvisorItem>();
            foreach (var a in s.Alarms)
            {
                if (a.ActionCount == 0)
                    items.Add(new(a.Name, AdvisorStatus.Yellow, "The alarm has no action.", "Add an alarm action that notifies a topic, or delete the alarm."));
            }

            return AdvisorCheckResult.From(items, "Every alarm has an action", "{0} alarm(s) without actions");
        });

    public static readonly AdvisorCheck StuckInsufficientData = new("operational-excellence-stuck-insufficient-data", AdvisorPillar.OperationalExcellence, "Alarms stuck in INSUFFICIENT_DATA",
        "Looks at how long each alarm has been in INSUFFICIENT_DATA.",
        "Yellow after 1 day, red after 7 days: the metric is probably not sent any more, or the alarm watches the wrong one.",
        s =>
        {
            var items = new List<AdvisorItem>();
            foreach (var a in s.Alarms)
            {
                if (!string.Equals(a.State, "INSUFFICIENT_DATA", StringComparison.Ordinal)) continue;
                var age = s.Now - a.StateSince;
                if (age <= StuckAfter) continue;
                items.Add(new(a.Name, age > 7 * StuckAfter ? AdvisorStatus.Red : AdvisorStatus.Yellow, F($"INSUFFICIENT_DATA for {age.TotalHours:0} hours."),
                    "Check that the metric is still sent with the same dimensions, or delete the alarm."));
            }

            return AdvisorCheckResult.From(items, "No alarm is stuck without data", "{0} alarm(s) stuck in INSUFFICIENT_DATA");
        });

    public static readonly AdvisorCheck DashboardsWithMissingMetrics = new("operational-excellence-dashboard-missing-metrics", AdvisorPillar.OperationalExcellence, "Dashboards showing missing metrics",
        "Looks at the metrics each dashboard's widgets reference and whether they have data.",
        "Yellow for a dashboard with some missing metrics, red when none of its metrics exist.",
        s =>
        {
            var known = new HashSet<AdvisorMetricRef>(s.Metrics);
            var items = new List<AdvisorItem>();
            foreach (var d in s.Dashboards)
            {
                var missing = new SortedSet<string>(StringComparer.Ordinal);
                foreach (var m in d.Metrics)
                {
                    if (!known.Contains(m)) missing.Add(m.ToString());
                }

                if (missing.Count == 0) continue;
                items.Add(new(d.Name, missing.Count == d.Metrics.Count ? AdvisorStatus.Red : AdvisorStatus.Yellow,
                    F($"{missing.Count} of {d.Metrics.Count} metric(s) have no data: {string.Join(", ", missing)}."),
                    "Fix the metric names or dimensions in the widgets, or remove the widgets."));
            }

            return AdvisorCheckResult.From(items, "Every dashboard's metrics have data", "{0} dashboard(s) showing missing metrics");
        });

    public static readonly AdvisorCheck EndlessMutes = new("operational-excellence-endless-mutes", AdvisorPillar.OperationalExcellence, "Mute windows that never end",
        "Looks at each mute window's end.",
        "Yellow for a mute window without an end: its alarms' actions stay silent for good.",
        s =>
        {
            var items = new List<AdvisorItem>();
            foreach (var m in s.Mutes)
            {
                if (m.EndsAt is null)
                    items.Add(new(m.Name, AdvisorStatus.Yellow, "The mute window has no end.", "Give the mute window an end date, or delete it and the alarms' actions it mutes if they are not wanted."));
            }

            return AdvisorCheckResult.From(items, "Every mute window ends", "{0} mute window(s) never end");
        });

    public static readonly AdvisorCheck LongAlarms = new("operational-excellence-long-alarms", AdvisorPillar.OperationalExcellence, "Alarms left in ALARM",
        "Looks at how long each alarm has been in ALARM.",
        "Yellow after 1 day, red after 7 days: either nobody handles the problem or the threshold no longer fits.",
        s =>
        {
            var items = new List<AdvisorItem>();
            foreach (var a in s.Alarms)
            {
                if (!string.Equals(a.State, "ALARM", StringComparison.Ordinal)) continue;
                var age = s.Now - a.StateSince;
                if (age <= StuckAfter) continue;
                items.Add(new(a.Name, age > 7 * StuckAfter ? AdvisorStatus.Red : AdvisorStatus.Yellow, F($"In ALARM for {age.TotalHours:0} hours."),
                    "Handle the problem, or change the threshold if this is the new normal."));
            }

            return AdvisorCheckResult.From(items, "No alarm has been in ALARM for more than a day", "{0} alarm(s) left in ALARM");
        });
}
