using System.Globalization;
using System.Reflection;
using Crema.Benchmarks.Infrastructure;
using Crema.Benchmarks.Workload;
using Crema.Core.Metrics;
using Crema.Storage;
using Crema.Storage.Encoding;
using Crema.Storage.Engine;

namespace Crema.Benchmarks.Memory;

/// <summary>
/// The <c>memory</c> mode: resident memory per active series. Creates N series, appends one
/// sample to each and then more, scrape by scrape (every series at t, then every series at
/// t + 10 s, as a real scrape arrives), forces a full compacting GC and reports the managed
/// heap and working-set growth divided by N. Series keys and value generators are built
/// before the baseline, so the figures are what the head (or engine) adds per series.
/// </summary>
public static class HeadMemoryMeasurement
{
    private const int EngineBatchSeries = 5_000;

    public static int Run(string[] args)
    {
        var n = 100_000;
        var samples = 120;
        var engine = true;
        for (var i = 0; i < args.Length; i++)
        {
            var hasValue = i + 1 < args.Length;
            switch (args[i])
            {
                case "--series" when hasValue:
                    n = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--samples" when hasValue:
                    samples = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--head-only":
                    engine = false;
                    break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; use [--series N] [--samples M] [--head-only]");
                    return 2;
            }
        }
        if (n < 1 || samples < 1)
        {
            Console.Error.WriteLine("--series and --samples must be at least 1");
            return 2;
        }

        Console.WriteLine($"Memory per active series: N = {n:N0} series, {samples} samples each at {CoffeeShopWorkload.IntervalMs / 1000} s; shapes 50 % counter, 40 % one-decimal gauge, 10 % random double");
        Console.WriteLine($"Runtime {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");
        var keys = CoffeeShopWorkload.Keys(n);
        MeasureHead(keys, samples);
        MeasureChunksAlone(keys.Length, samples);
        if (engine) MeasureEngineAsync(keys, samples).AsTask().GetAwaiter().GetResult();
        return 0;
    }

    private static void MeasureHead(SeriesKey[] keys, int samples)
    {
        var n = keys.Length;
        var feed = new Feed(n);
        var before = Snapshot.Take();
        var head = new HeadGeneration(0, 0, CoffeeShopWorkload.OriginMs);
        var one = new Sample[1];
        for (var t = 0; t < samples; t++)
        {
            for (var s = 0; s < n; s++)
            {
                one[0] = feed.Next(s, t);
                head.Append(keys[s], StorageResolution.High, one);
            }
            if (t == 0) Report("HeadGeneration, 1 sample/series", before, Snapshot.Take(), n);
        }
        Report($"HeadGeneration, {samples} samples/series", before, Snapshot.Take(), n);
        ReportOpenChunks(head);
        GC.KeepAlive(head);
        GC.KeepAlive(feed);
    }

    private static void MeasureChunksAlone(int n, int samples)
    {
        var feed = new Feed(n);
        var before = Snapshot.Take();
        var chunks = new HeadChunk[n];
        for (var s = 0; s < n; s++) chunks[s] = new HeadChunk();
        for (var t = 0; t < samples; t++)
        {
            for (var s = 0; s < n; s++)
            {
                // The head cuts a new chunk when one is full; here a full chunk just stops growing.
                chunks[s].TryAppend(feed.Next(s, t));
            }
        }
        var after = Snapshot.Take();
        long encoded = 0;
        foreach (var c in chunks) encoded += c.ByteLength;
        Report($"HeadChunk alone, {samples} samples", before, after, n);
        Console.WriteLine($"    encoded bytes/chunk {encoded / (double)n,8:F0}  ({encoded * 8.0 / n / Math.Min(samples, HeadChunk.MaxSamples):F1} bits/sample)");
        GC.KeepAlive(chunks);
        GC.KeepAlive(feed);
    }

    private static async ValueTask MeasureEngineAsync(SeriesKey[] keys, int samples)
    {
        var n = keys.Length;
        var feed = new Feed(n);
        using var dir = new TempDirectory("memory");
        // Batches are built once and refilled in place: the engine copies samples, never keeps the arrays.
        var batches = new List<SeriesWrite[]>();
        for (var start = 0; start < n; start += EngineBatchSeries)
        {
            var batch = new SeriesWrite[Math.Min(EngineBatchSeries, n - start)];
            for (var i = 0; i < batch.Length; i++) batch[i] = new SeriesWrite(keys[start + i], StorageResolution.High, new Sample[1]);
            batches.Add(batch);
        }
        var before = Snapshot.Take();
        var engine = SampleEngine.Open(new EngineOptions { DataDirectory = dir.Path, HeadMaxSamples = long.MaxValue / 2 }, TimeProvider.System);
        try
        {
            for (var t = 0; t < samples; t++)
            {
                var s = 0;
                foreach (var batch in batches)
                {
                    foreach (var w in batch) w.Samples[0] = feed.Next(s++, t);
                    await engine.AppendAsync(batch).ConfigureAwait(false);
                }
                if (t == 0) Report("SampleEngine (catalog + head), 1 sample/series", before, Snapshot.Take(), n);
            }
            Report($"SampleEngine (catalog + head), {samples} samples/series", before, Snapshot.Take(), n);
        }
        finally
        {
            // Dropping the data directory is enough; a graceful dispose would cut the head into a block first.
            await engine.DisposeAsync().ConfigureAwait(false);
        }
        GC.KeepAlive(batches);
        GC.KeepAlive(feed);
    }

    /// <summary>How big the open chunks' buffers are against what they hold (read by reflection: a diagnostic only).</summary>
    private static void ReportOpenChunks(HeadGeneration head)
    {
        var openField = typeof(SeriesHead).GetField("_open", BindingFlags.NonPublic | BindingFlags.Instance);
        var bufferField = typeof(HeadChunk).GetField("_buffer", BindingFlags.NonPublic | BindingFlags.Instance);
        if (openField is null || bufferField is null)
        {
            Console.WriteLine("    (open-chunk breakdown unavailable: field names changed)");
            return;
        }
        long capacity = 0, used = 0, open = 0;
        foreach (var sh in head.Series.Values)
        {
            if (openField.GetValue(sh) is not HeadChunk chunk) continue;
            open++;
            capacity += ((byte[])bufferField.GetValue(chunk)!).Length;
            used += chunk.ByteLength;
        }
        if (open == 0) return;
        Console.WriteLine($"    open chunks {open:N0}: buffer {capacity / (double)open:F0} B/series, encoded {used / (double)open:F0} B/series");
    }

    private static void Report(string what, Snapshot before, Snapshot after, int n)
    {
        var heap = (after.HeapBytes - before.HeapBytes) / (double)n;
        var ws = (after.WorkingSetBytes - before.WorkingSetBytes) / (double)n;
        Console.WriteLine($"  {what,-52} managed heap {heap,8:F0} B/series   working set {ws,8:F0} B/series");
    }

    /// <summary>Managed heap after a full blocking compacting GC, and the process working set.</summary>
    private readonly record struct Snapshot(long HeapBytes, long WorkingSetBytes)
    {
        public static Snapshot Take()
        {
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            return new Snapshot(GC.GetTotalMemory(forceFullCollection: true), Environment.WorkingSet);
        }
    }

    /// <summary>Per-series value generators and scrape jitter, built before the baseline.</summary>
    private sealed class Feed
    {
        private readonly CoffeeShopWorkload.ValueGenerator[] _gens;
        private readonly Random _jitter = new(11);

        public Feed(int n)
        {
            _gens = new CoffeeShopWorkload.ValueGenerator[n];
            for (var s = 0; s < n; s++) _gens[s] = new CoffeeShopWorkload.ValueGenerator(CoffeeShopWorkload.ShapeOf(s), s);
        }

        public Sample Next(int series, int step)
            => Sample.Plain(CoffeeShopWorkload.OriginMs + (step * CoffeeShopWorkload.IntervalMs) + _jitter.Next(0, 5), _gens[series].Next());
    }
}
