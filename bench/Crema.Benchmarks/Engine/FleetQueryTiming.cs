using System.Diagnostics;
using System.Globalization;
using Crema.Client.Contracts;
using Crema.Server.Metrics;
using Crema.Storage.Engine;

namespace Crema.Benchmarks.Engine;

/// <summary>
/// The <c>fleet-query</c> mode: the peers' three queries (bench/Crema.Load) run in process
/// through <see cref="MetricQueryService"/> against an existing data directory (one loaded by
/// bench/peers.sh-style remote write and flushed), so per-request server work can be timed
/// without HTTP. Prints median and min per query and the GC counts during the timed runs.
/// </summary>
public static class FleetQueryTiming
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? data = null;
        var runs = 50;
        var endMs = 0L;
        var ns = "Prometheus";
        var shop = "shop_042";
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--data": data = args[i + 1]; break;
                case "--runs": runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--end-ms": endMs = long.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--ns": ns = args[i + 1]; break;
                case "--shop": shop = args[i + 1]; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (data is null || endMs == 0)
        {
            Console.Error.WriteLine("usage: fleet-query --data DIR --end-ms END_MS [--runs 50] [--ns Prometheus] [--shop shop_042]");
            return 2;
        }
        var engine = SampleEngine.Open(new EngineOptions { DataDirectory = data }, TimeProvider.System);
        await using (engine.ConfigureAwait(false))
        {
            var service = new MetricQueryService(engine);
            var end = DateTimeOffset.FromUnixTimeMilliseconds(endMs / 1000 * 1000 + 1);
            var start = end.AddHours(-24);
            MetricDataQueryDto Q(string id, string shopValue, int period, string stat, bool ret = true) => new()
            {
                Id = id,
                ReturnData = ret,
                MetricStat = new MetricStatDto
                {
                    Metric = new MetricDto { Namespace = ns, MetricName = "wait_time_seconds", Dimensions = [new DimensionDto("shop", shopValue)] },
                    Period = period,
                    Stat = stat,
                },
            };
            var queries = new (string Name, GetMetricDataRequest Request)[]
            {
                ("q1", new GetMetricDataRequest { StartTime = start, EndTime = end, MetricDataQueries = [Q("m", shop, 60, "Average")] }),
                ("q2", new GetMetricDataRequest { StartTime = start, EndTime = end, MetricDataQueries = [Q("m", "*", 300, "Average", ret: false), new MetricDataQueryDto { Id = "avg", Expression = "AVG(m)" }] }),
                ("q3", new GetMetricDataRequest { StartTime = start, EndTime = end, MetricDataQueries = [Q("m", shop, 86400, "p99")] }),
            };
            Breakdown(engine, ns, start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(), runs);
            foreach (var (name, req) in queries)
            {
                var times = new double[runs];
                var first = Stopwatch.StartNew();
                var outcome = service.Run(req);
                var firstMs = first.Elapsed.TotalMilliseconds;
                var gc0 = GC.CollectionCount(0);
                var gc2 = GC.CollectionCount(2);
                var alloc = GC.GetTotalAllocatedBytes(precise: false);
                for (var i = 0; i < runs; i++)
                {
                    var sw = Stopwatch.StartNew();
                    outcome = service.Run(req);
                    times[i] = sw.Elapsed.TotalMilliseconds;
                }
                var allocPerRun = (GC.GetTotalAllocatedBytes(precise: false) - alloc) / runs;
                Array.Sort(times);
                var r = outcome.Response!.MetricDataResults;
                var points = 0;
                foreach (var x in r) points += x.Values.Count;
                var mid = r.Count > 0 && r[0].Values.Count > 0 ? r[0].Values[r[0].Values.Count / 2] : double.NaN;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: first {firstMs,8:F2} ms  median {times[runs / 2],7:F3} ms  min {times[0],7:F3} ms  alloc/run {allocPerRun / 1024,7} KiB  gen0 {GC.CollectionCount(0) - gc0} gen2 {GC.CollectionCount(2) - gc2}  points {points} value {mid}"));
            }
        }
        return 0;
    }

    /// <summary>q2's storage work alone: the wildcard lookup, then the 200 per-series queries on one thread.</summary>
    private static void Breakdown(SampleEngine engine, string ns, long startMs, long endMs, int runs)
    {
        var filter = new Crema.Storage.SeriesFilter(ns, "wait_time_seconds", [("shop", null)], ExactDimensions: true);
        Crema.Core.Statistics.Statistic[] stats = [Crema.Core.Statistics.Statistic.Average];
        var find = new double[runs];
        var query = new double[runs];
        var keys = engine.FindSeries(filter);
        foreach (var k in keys) engine.Query(k.Key, startMs, endMs, 300, stats);
        var alloc = GC.GetTotalAllocatedBytes(precise: false);
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            keys = engine.FindSeries(filter);
            find[i] = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            foreach (var k in keys) engine.Query(k.Key, startMs, endMs, 300, stats);
            query[i] = sw.Elapsed.TotalMilliseconds;
        }
        var allocPerRun = (GC.GetTotalAllocatedBytes(precise: false) - alloc) / runs;
        Array.Sort(find);
        Array.Sort(query);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"q2 storage: FindSeries median {find[runs / 2]:F3} ms ({keys.Count} series); {keys.Count} queries on one thread median {query[runs / 2]:F3} ms min {query[0]:F3} ms; alloc/run {allocPerRun / 1024} KiB"));
    }
}
