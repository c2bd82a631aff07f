namespace Crema.Core.Advisor;

public static partial class AdvisorChecks
{
    /// <summary>At least this many state changes in a day is flapping (yellow); three times as many red.</summary>
    public const int FlapChangesPerDay = 10;

    /// <summary>A day whose peak use is above this percentage of capacity is a busy day.</summary>
    public const double BusyPercent = 90;

    public static readonly AdvisorCheck FlappingAlarms = new("performance-flapping-alarms", AdvisorPillar.Performance, "Flapping alarms",
        "Looks at how many times each alarm changed state in the last 24 hours.",
        "Yellow for 10 or more state changes in a day, red for 30 or more.",
        s =>
        {
            var items = new List<AdvisorItem>();
            foreach (var a in s.Alarms)
            {
                if (a.StateChangesLastDay < FlapChangesPerDay) continue;
                items.Add(new(a.Name, a.StateChangesLastDay >= 3 * FlapChangesPerDay ? AdvisorStatus.Red : AdvisorStatus.Yellow,
                    F($"{a.StateChangesLastDay} state changes in the last 24 hours."),
                    "Widen the evaluation (more periods, M of N datapoints) or move the threshold away from normal values."));
            }

            return AdvisorCheckResult.From(items, "No alarm flaps", "{0} alarm(s) flapping");
        });

    public static readonly AdvisorCheck BusyResources = new("performance-busy-resources", AdvisorPillar.Performance, "Business resources near capacity",
        "Looks at each registered business resource's daily peak use over the last 14 days, against its capacity.",
        "Yellow when the peak was above 90 % on 1 to 3 of the last 14 days, red on 4 or more.",
        s =>
        {
            var items = new List<AdvisorItem>();
            foreach (var r in s.Resources)
            {
                int busy = 0;
                double top = 0;
                foreach (var d in LastDays(r.Days))
                {
                    if (d is not { } day) continue;
                    top = Math.Max(top, day.PeakPercent);
                    if (day.PeakPercent > BusyPercent) busy++;
                }

                if (busy == 0) continue;
                items.Add(new(r.Name, busy >= IdleDaysYellow ? AdvisorStatus.Red : AdvisorStatus.Yellow,
                    F($"{r.Kind} '{r.Name}' above {BusyPercent:0} % on {busy} of the last {UsageWindowDays} days (peak {top:0} %)."),
                    F($"Add a second {r.Kind} or spread the load; customers wait when it is full.")));
            }

            return AdvisorCheckResult.From(items, "No business resource runs near capacity", "{0} business resource(s) near capacity");
        });
}
