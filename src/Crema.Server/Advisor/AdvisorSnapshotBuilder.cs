using System.Text.Json.Nodes;
using Crema.Core.Advisor;
using Crema.Core.Alarms;
using Crema.Core.Audit;
using Crema.Core.Identity;
using Crema.Core.Metrics;
using Crema.Core.Statistics;
using Crema.Server.Alarms;
using Crema.Server.Hosting;
using Crema.Server.Scaling;
using Crema.Storage;
using Crema.Storage.Advisor;
using Crema.Storage.Dashboards;
using Crema.Storage.Notifications;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Crema.Server.Advisor;

/// <summary>Fills an <see cref="AdvisorSnapshot"/> from the real stores; each part that cannot be read is left empty (and logged) rather than failing the run.</summary>
internal sealed partial class AdvisorSnapshotBuilder(
    StorageHost storage,
    ScalingService scaling,
    IDashboardStore dashboards,
    IAdvisorStore advisor,
    IServer server,
    IOptions<AdvisorOptions> options,
    TimeProvider time,
    ILogger<AdvisorSnapshotBuilder> log)
{
    private static readonly TimeSpan DeliveryWindow = TimeSpan.FromDays(7);
    private readonly DateTimeOffset _started = time.GetUtcNow();

    public async Task<AdvisorSnapshot> BuildAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (users, keys) = await Part("identity", () => IdentityAsync(ct), ([], []));
        var metrics = await Part("metrics", () => Task.FromResult(Metrics()), []);
        var alarms = await Part("alarms", () => AlarmsAsync(now, ct), []);
        var boards = await Part("dashboards", () => DashboardsAsync(ct), []);
        return new AdvisorSnapshot
        {
            Now = now,
            Users = users,
            Keys = keys,
            Audit = await Part<AdvisorAudit?>("audit", () => AuditAsync(ct), null),
            Alarms = alarms,
            Mutes = await Part("mutes", () => MutesAsync(ct), []),
            Dashboards = boards,
            Metrics = metrics,
            ScalingTargets = await Part("scaling", () => ScalingAsync(now, ct), []),
            Resources = await Part("resources", () => ResourcesAsync(now, ct), []),
            Deliveries = await Part("deliveries", () => DeliveriesAsync(now, ct), []),
            Quotas = await Part("quotas", () => QuotasAsync(boards.Count, ct), []),
            Disk = await Part<AdvisorDisk?>("disk", () => Task.FromResult<AdvisorDisk?>(Disk()), null),
            ListenUrls = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [],
        };
    }

    private async Task<T> Part<T>(string name, Func<Task<T>> read, T fallback)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.PartFailed(log, ex, name);
            return fallback;
        }
    }

    private async Task<(IReadOnlyList<AdvisorUser>, IReadOnlyList<AdvisorKey>)> IdentityAsync(CancellationToken ct)
    {
        var store = storage.Metadata.Identity;
        var users = await store.ListUsersAsync(ct).ConfigureAwait(false);
        var rootIds = new HashSet<long>();
        var list = new List<AdvisorUser>(users.Count);
        foreach (var u in users)
        {
            if (u.IsRoot) rootIds.Add(u.Id);
            var admin = u.Roles.Any(r => string.Equals(r, BuiltInRoles.AdminName, StringComparison.OrdinalIgnoreCase));
            list.Add(new AdvisorUser(u.Name, u.IsRoot, admin, u.MfaEnabled, u.Disabled, u.LastSignInAt));
        }

        var keys = new List<AdvisorKey>();
        foreach (var k in await store.ListKeysAsync(null, ct).ConfigureAwait(false))
        {
            if (k.Active) keys.Add(new AdvisorKey(k.AccessKeyId, k.UserName, rootIds.Contains(k.UserId), k.CreatedAt, k.LastUsedAt));
        }

        return (list, keys);
    }

    private async Task<AdvisorAudit?> AuditAsync(CancellationToken ct)
    {
        var body = await storage.Audit.LastDigestBodyAsync(ct).ConfigureAwait(false);
        DateTimeOffset? last = body is null ? null : AuditDigests.Parse(body).PeriodEnd;
        return new AdvisorAudit(true, _started, last, null);
    }

    private List<AdvisorMetricRef> Metrics()
    {
        var seen = new HashSet<AdvisorMetricRef>();
        foreach (var s in storage.Engine.FindSeries(new SeriesFilter())) seen.Add(new AdvisorMetricRef(s.Key.Namespace, s.Key.MetricName));
        return [.. seen];
    }

    private async Task<IReadOnlyList<AdvisorAlarm>> AlarmsAsync(DateTimeOffset now, CancellationToken ct)
    {
        var store = storage.Metadata.Alarms;
        var changes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var h in await store.HistoryAsync(null, nameof(AlarmHistoryItemType.StateUpdate), now.AddDays(-1), now, null, 100_000, ct).ConfigureAwait(false))
        {
            changes[h.AlarmName] = changes.GetValueOrDefault(h.AlarmName) + 1;
        }

        var list = new List<AdvisorAlarm>();
        foreach (var a in await store.ListAsync(ct).ConfigureAwait(false))
        {
            var r = AlarmMapping.Parse(a.DefinitionJson);
            var actions = (r.AlarmActions?.Count ?? 0) + (r.OkActions?.Count ?? 0) + (r.InsufficientDataActions?.Count ?? 0);
            list.Add(new AdvisorAlarm(a.Name, a.State, a.StateUpdatedAt, actions, changes.GetValueOrDefault(a.Name), AlarmMapping.Namespaces(r)));
        }

        foreach (var c in await store.ListCompositesAsync(ct).ConfigureAwait(false))
        {
            var actions = JsonNode.Parse(c.DefinitionJson) is JsonObject o ? Count(o, "alarmActions") + Count(o, "okActions") + Count(o, "insufficientDataActions") : 0;
            list.Add(new AdvisorAlarm(c.Name, c.State, c.StateUpdatedAt, actions, changes.GetValueOrDefault(c.Name), []));
        }

        return list;
    }

    private static int Count(JsonObject o, string name) => o[name] is JsonArray a ? a.Count : 0;

    private async Task<IReadOnlyList<AdvisorMute>> MutesAsync(CancellationToken ct)
    {
        var list = new List<AdvisorMute>();
        foreach (var m in await storage.Metadata.Mutes.ListAsync(ct).ConfigureAwait(false))
        {
            if (MuteMapping.ToWindow(MuteMapping.Parse(m.DefinitionJson), out _) is not { } w) continue;
            // A schedule's occurrences each end, so only a one-off window without an end (or expiry) mutes for good.
            list.Add(new AdvisorMute(m.Name, w.Schedule is not null ? w.ExpiresAt ?? DateTimeOffset.MaxValue : w.End ?? w.ExpiresAt));
        }

        return list;
    }

    private async Task<IReadOnlyList<AdvisorDashboard>> DashboardsAsync(CancellationToken ct)
    {
        var list = new List<AdvisorDashboard>();
        foreach (var d in await dashboards.ListAsync(ct).ConfigureAwait(false))
        {
            if (await dashboards.GetAsync(d.Name, ct).ConfigureAwait(false) is not { } full) continue;
            var refs = new HashSet<AdvisorMetricRef>();
            CollectMetrics(JsonNode.Parse(full.BodyJson), refs);
            list.Add(new AdvisorDashboard(d.Name, [.. refs]));
        }

        return list;
    }

    /// <summary>Every object with a string namespace and metricName, wherever the widget keeps it (metricStat, alarm widgets, …).</summary>
    private static void CollectMetrics(JsonNode? node, HashSet<AdvisorMetricRef> refs)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["namespace"] is JsonValue ns && ns.TryGetValue<string>(out var n) && o["metricName"] is JsonValue mn && mn.TryGetValue<string>(out var m))
                    refs.Add(new AdvisorMetricRef(n, m));
                foreach (var (_, child) in o) CollectMetrics(child, refs);
                break;
            case JsonArray a:
                foreach (var child in a) CollectMetrics(child, refs);
                break;
        }
    }

    private async Task<IReadOnlyList<AdvisorScalingTarget>> ScalingAsync(DateTimeOffset now, CancellationToken ct)
    {
        var list = new List<AdvisorScalingTarget>();
        foreach (var t in await scaling.ListTargetsAsync(ct).ConfigureAwait(false))
        {
            var changes = new List<AdvisorCapacityChange>();
            foreach (var a in await scaling.ActivitiesAsync(t.Name, null, 500, ct).ConfigureAwait(false))
            {
                if (a.StartedAt >= now.AddDays(-7) && a.FromCapacity != a.ToCapacity) changes.Add(new AdvisorCapacityChange(a.StartedAt, a.FromCapacity, a.ToCapacity));
            }

            changes.Reverse();
            list.Add(new AdvisorScalingTarget(t.Name, t.MinCapacity, t.MaxCapacity, t.ActualCapacity ?? t.DesiredCapacity, t.CreatedAt, changes));
        }

        return list;
    }

    private async Task<IReadOnlyList<AdvisorResource>> ResourcesAsync(DateTimeOffset now, CancellationToken ct)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var start = today.AddDays(-(AdvisorChecks.UsageWindowDays - 1));
        var list = new List<AdvisorResource>();
        foreach (var r in await advisor.ListResourcesAsync(ct).ConfigureAwait(false))
        {
            var days = new AdvisorUsageDay?[AdvisorChecks.UsageWindowDays];
            var dims = AdvisorMapping.ParseDimensions(r.DimensionsJson);
            var filter = new SeriesFilter(r.Namespace, r.MetricName, [.. dims.Select(d => (d.Key, (string?)d.Value))], ExactDimensions: true);
            foreach (var s in storage.Engine.FindSeries(filter).Take(1))
            {
                var q = storage.Engine.Query(s.Key, start.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds() + 1, 86_400, [Statistic.Average, Statistic.Maximum]);
                for (var i = 0; i < q.Timestamps.Length; i++)
                {
                    var day = (int)((q.Timestamps[i] - start.ToUnixTimeMilliseconds()) / 86_400_000);
                    if (day < 0 || day >= days.Length) continue;
                    days[day] = new AdvisorUsageDay(DateOnly.FromDateTime(start.AddDays(day).UtcDateTime), q.Values[0][i] / r.Capacity * 100, q.Values[1][i] / r.Capacity * 100);
                }
            }

            list.Add(new AdvisorResource(r.Name, r.Kind, AdvisorMapping.MonthlyCost(r.Cost, r.CostPeriod), r.Currency, r.Namespace + "/" + r.MetricName, r.Capacity, days));
        }

        return list;
    }

    private async Task<IReadOnlyList<AdvisorTopicDeliveries>> DeliveriesAsync(DateTimeOffset now, CancellationToken ct)
    {
        var store = storage.Metadata.Notifications;
        var list = new List<AdvisorTopicDeliveries>();
        foreach (var t in await store.ListTopicsAsync(ct).ConfigureAwait(false))
        {
            var failed = (await store.ListDeliveriesAsync(t.Name, DeliveryStatus.Failed, 10_000, ct).ConfigureAwait(false)).Count(d => d.UpdatedAt >= now - DeliveryWindow);
            var delivered = (await store.ListDeliveriesAsync(t.Name, DeliveryStatus.Delivered, 10_000, ct).ConfigureAwait(false)).Count(d => d.UpdatedAt >= now - DeliveryWindow);
            if (failed + delivered > 0) list.Add(new AdvisorTopicDeliveries(t.Name, failed, delivered));
        }

        return list;
    }

    private async Task<IReadOnlyList<AdvisorQuota>> QuotasAsync(int dashboardCount, CancellationToken ct)
    {
        var o = options.Value;
        var alarms = (await storage.Metadata.Alarms.ListAsync(ct).ConfigureAwait(false)).Count + (await storage.Metadata.Alarms.ListCompositesAsync(ct).ConfigureAwait(false)).Count;
        var list = new List<AdvisorQuota>();
        if (o.MaxSeries > 0) list.Add(new AdvisorQuota("metric-series", storage.Engine.GetStats().Series, o.MaxSeries));
        if (o.MaxAlarms > 0) list.Add(new AdvisorQuota("alarms", alarms, o.MaxAlarms));
        if (o.MaxDashboards > 0) list.Add(new AdvisorQuota("dashboards", dashboardCount, o.MaxDashboards));
        return list;
    }

    private AdvisorDisk? Disk()
    {
        var drive = new DriveInfo(storage.DataDirectory);
        return new AdvisorDisk(storage.DataDirectory, drive.TotalSize, drive.AvailableFreeSpace);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9101, Level = LogLevel.Warning, Message = "Advisor could not read {Part}; its checks see nothing there")]
        public static partial void PartFailed(ILogger logger, Exception ex, string part);
    }
}
