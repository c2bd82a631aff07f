namespace Crema.Core.Advisor;

public static partial class AdvisorChecks
{
    /// <summary>Free space below this share of the drive is yellow, below <see cref="DiskFreeRed"/> red.</summary>
    public const double DiskFreeYellow = 0.20;

    public const double DiskFreeRed = 0.10;

    public static readonly AdvisorCheck DiskSpace = new("fault-tolerance-disk", AdvisorPillar.FaultTolerance, "Data directory disk space",
        "Looks at the free space on the drive that holds the data directory.",
        "Yellow below 20 % free, red below 10 % free; not available when the drive cannot be read.",
        s =>
        {
            if (s.Disk is not { TotalBytes: > 0 } d) return AdvisorCheckResult.NotAvailable("The data directory's drive could not be read");
            var free = (double)d.FreeBytes / d.TotalBytes;
            var items = new List<AdvisorItem>();
            if (free < DiskFreeYellow)
                items.Add(new(d.Path, free < DiskFreeRed ? AdvisorStatus.Red : AdvisorStatus.Yellow,
                    F($"{free * 100:0.0} % free ({d.FreeBytes / (1L << 20)} MiB of {d.TotalBytes / (1L << 20)} MiB)."),
                    "Free space, grow the drive, or shorten retention (--retention-raw, --retention-1m)."));
            return AdvisorCheckResult.From(items, F($"{free * 100:0} % free"), "The data directory's drive is nearly full");
        });

    public static readonly AdvisorCheck FailedDeliveries = new("fault-tolerance-failed-deliveries", AdvisorPillar.FaultTolerance, "Alarm actions that failed to deliver",
        "Looks at each topic's notification deliveries of the last 7 days.",
        "Yellow when some deliveries to a topic failed, red when all did.",
        s =>
        {
            var items = new List<AdvisorItem>();
            foreach (var t in s.Deliveries)
            {
                if (t.Failed == 0) continue;
                items.Add(new(t.Topic, t.Delivered == 0 ? AdvisorStatus.Red : AdvisorStatus.Yellow,
                    F($"{t.Failed} delivery(ies) failed, {t.Delivered} delivered in the last 7 days."),
                    "Look at the topic's deliveries for the error, then fix or remove the subscription."));
            }

            return AdvisorCheckResult.From(items, "Every notification was delivered", "{0} topic(s) with failed deliveries");
        });

    public static readonly AdvisorCheck UnwatchedNamespaces = new("fault-tolerance-unwatched-namespaces", AdvisorPillar.FaultTolerance, "Namespaces without alarms",
        "Looks at each metric namespace with stored data and whether any alarm watches a metric in it.",
        "Yellow for each namespace with data and no alarm.",
        s =>
        {
            var watched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var a in s.Alarms)
            {
                foreach (var ns in a.Namespaces) watched.Add(ns);
            }

            var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var m in s.Metrics)
            {
                // Crema's own metrics are watched by the operator's host monitoring, not by the advisor's rule.
                if (m.Namespace.StartsWith("Crema/", StringComparison.Ordinal)) continue;
                counts[m.Namespace] = counts.GetValueOrDefault(m.Namespace) + 1;
            }

            var items = new List<AdvisorItem>();
            foreach (var (ns, n) in counts)
            {
                if (!watched.Contains(ns))
                    items.Add(new(ns, AdvisorStatus.Yellow, F($"{n} metric(s) with data, no alarm watches any of them."), "Add an alarm on the namespace's key metric so trouble is noticed."));
            }

            return AdvisorCheckResult.From(items, "Every namespace with data has an alarm", "{0} namespace(s) without alarms");
        });

    public static readonly AdvisorCheck SilentResources = new("fault-tolerance-silent-resources", AdvisorPillar.FaultTolerance, "Business resources without usage data",
        "Looks at whether each registered business resource's usage metric had data in the last 2 days.",
        "Yellow when the last 2 days have no data, red when none of the last 14 days has: the cost checks cannot judge it and a broken sensor goes unnoticed.",
        s =>
        {
            var items = new List<AdvisorItem>();
            foreach (var r in s.Resources)
            {
                int known = 0, recent = 0, seen = 0;
                var days = new List<AdvisorUsageDay?>(LastDays(r.Days));
                foreach (var d in days)
                {
                    seen++;
                    if (d is null) continue;
                    known++;
                    if (seen > days.Count - 2) recent++;
                }

                if (recent > 0) continue;
                items.Add(new(r.Name, known == 0 ? AdvisorStatus.Red : AdvisorStatus.Yellow,
                    known == 0 ? F($"No data for {r.Metric} in the last {UsageWindowDays} days.") : F($"No data for {r.Metric} in the last 2 days."),
                    "Check that the metric is still sent with the registered name and dimensions, or fix the resource's metric."));
            }

            return AdvisorCheckResult.From(items, "Every business resource reports its use", "{0} business resource(s) without recent usage data");
        });
}
