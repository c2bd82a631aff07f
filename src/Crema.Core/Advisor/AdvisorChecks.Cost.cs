namespace Crema.Core.Advisor;

public static partial class AdvisorChecks
{
    /// <summary>A day whose average use is below this percentage of capacity is an idle day.</summary>
    public const double IdlePercent = 10;

    /// <summary>Idle on at least this many of the last 14 days is yellow; on at least <see cref="IdleDaysRed"/> red.</summary>
    public const int IdleDaysYellow = 4;

    public const int IdleDaysRed = 10;

    /// <summary>How many days of use the resource checks look at.</summary>
    public const int UsageWindowDays = 14;

    public static readonly AdvisorCheck IdleResources = new("cost-idle-resources", AdvisorPillar.CostOptimization, "Under-used business resources",
        "Looks at each registered business resource's daily average use over the last 14 days, against its capacity.",
        "Yellow when used below 10 % on 4 or more of the last 14 days, red on 10 or more; the saving is the monthly cost times the share of idle days.",
        s =>
        {
            var items = new List<AdvisorItem>();
            foreach (var r in s.Resources)
            {
                int idle = 0, known = 0;
                foreach (var d in LastDays(r.Days))
                {
                    if (d is not { } day) continue;
                    known++;
                    if (day.AveragePercent < IdlePercent) idle++;
                }

                if (idle < IdleDaysYellow) continue;
                var saving = decimal.Round(r.CostPerMonth * idle / UsageWindowDays, 2);
                items.Add(new(r.Name, idle >= IdleDaysRed ? AdvisorStatus.Red : AdvisorStatus.Yellow,
                    F($"{r.Kind} '{r.Name}' used < {IdlePercent:0} % on {idle} of the last {UsageWindowDays} days ({known} with data) — monthly saving {r.Currency} {saving:0.00}."),
                    F($"Take the {r.Kind} out of service on quiet days, share it, or replace it with a smaller one."), saving, r.Currency));
            }

            return AdvisorCheckResult.From(items, "Every business resource is used", "{0} business resource(s) under-used");
        });

    public static readonly AdvisorCheck PinnedScalingTargets = new("cost-scaling-pinned", AdvisorPillar.CostOptimization, "Scaling targets pinned at a bound",
        "Looks at each scalable target's capacity over the last 7 days.",
        "Yellow when a target (at least a week old) stayed at its minimum all week (the minimum may be too high) or at its maximum all week (the maximum limits it).",
        s =>
        {
            var week = TimeSpan.FromDays(7);
            var items = new List<AdvisorItem>();
            foreach (var t in s.ScalingTargets)
            {
                if (s.Now - t.CreatedAt < week || t.MinCapacity == t.MaxCapacity) continue;
                if (StayedAt(t, t.MaxCapacity, s.Now - week))
                    items.Add(new(t.Name, AdvisorStatus.Yellow, F($"At its maximum of {t.MaxCapacity} all week."), "Raise the maximum if the demand is real, or look at why the metric keeps it there."));
                else if (StayedAt(t, t.MinCapacity, s.Now - week))
                    items.Add(new(t.Name, AdvisorStatus.Yellow, F($"At its minimum of {t.MinCapacity} all week."), "Lower the minimum: the demand never needed more, and the extra capacity costs."));
            }

            return AdvisorCheckResult.From(items, "No scaling target sat at a bound all week", "{0} scaling target(s) pinned at a bound");
        });

    /// <summary>The last <see cref="UsageWindowDays"/> entries of a day list.</summary>
    private static IEnumerable<AdvisorUsageDay?> LastDays(IReadOnlyList<AdvisorUsageDay?> days)
    {
        for (var i = Math.Max(0, days.Count - UsageWindowDays); i < days.Count; i++) yield return days[i];
    }

    /// <summary>True when the capacity was <paramref name="bound"/> from <paramref name="from"/> until now, judged by the changes.</summary>
    private static bool StayedAt(AdvisorScalingTarget t, int bound, DateTimeOffset from)
    {
        if (t.Capacity != bound) return false;
        foreach (var c in t.Changes)
        {
            // Any change inside the window means the capacity was somewhere else for a while.
            if (c.At >= from && (c.From != bound || c.To != bound)) return false;
        }

        return true;
    }
}
