namespace Crema.Core.Advisor;

public static partial class AdvisorChecks
{
    /// <summary>Usage at or above this share of a limit is yellow; at or above the limit red.</summary>
    public const double QuotaYellow = 0.80;

    public static readonly AdvisorCheck Quotas = new("service-limits-quotas", AdvisorPillar.ServiceLimits, "Configured limits",
        "Looks at the usage of each configured limit (metric series, alarms, dashboards, …).",
        "Yellow at 80 % of a limit, red at 100 %.",
        s =>
        {
            if (s.Quotas.Count == 0) return AdvisorCheckResult.NotAvailable("No limits are configured");
            var items = new List<AdvisorItem>();
            foreach (var q in s.Quotas)
            {
                if (q.Limit <= 0) continue;
                var share = (double)q.Used / q.Limit;
                if (share < QuotaYellow) continue;
                items.Add(new(q.Name, share >= 1 ? AdvisorStatus.Red : AdvisorStatus.Yellow, F($"{q.Used} of {q.Limit} used ({share * 100:0} %)."),
                    share >= 1 ? "The limit is reached: new ones are refused. Remove unused ones or raise the limit." : "Remove unused ones or raise the limit before it is reached."));
            }

            return AdvisorCheckResult.From(items, "Every limit is below 80 %", "{0} limit(s) at 80 % or more");
        });
}
