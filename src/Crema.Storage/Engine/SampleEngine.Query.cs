using Crema.Core.Metrics;
using Crema.Core.Statistics;
using Crema.Storage.Encoding;

namespace Crema.Storage.Engine;

public sealed partial class SampleEngine
{
    /// <summary>The cache of decoded block sections (tests look at its hits).</summary>
    internal DecodedSectionCache DecodedCache => _decoded;

    /// <summary>Most periods one query may ask for.</summary>
    public const int MaxPeriodsPerQuery = 1_000_000;

    /// <inheritdoc />
    public PeriodSeries Query(SeriesKey key, long startMs, long endMs, int periodSeconds, IReadOnlyList<Statistic> statistics)
    {
        if (periodSeconds <= 0) throw new ArgumentOutOfRangeException(nameof(periodSeconds), "period must be positive");
        if (endMs <= startMs) return new PeriodSeries([], new double[statistics.Count][], "none");
        var periodMs = periodSeconds * 1000L;
        // Periods are aligned to the epoch, so answers do not shift with the query's start;
        // a period as long as the whole range gives one datapoint for exactly that range.
        var first = periodMs >= endMs - startMs ? startMs : FloorTo(startMs, periodMs);
        var span = (endMs - first + periodMs - 1) / periodMs;
        if (span > MaxPeriodsPerQuery) throw new ArgumentOutOfRangeException(nameof(periodSeconds), $"the range holds {span} periods; at most {MaxPeriodsPerQuery} are allowed");
        var n = (int)span;
        using var acc = new PeriodAccumulator(first, periodMs, n, NeedsSketch(statistics));
        var st = _state;
        var tiers = "";
        var tier = PlanTier(startMs, periodMs);
        // Raw blocks whose samples the chosen rollup tier already holds (written with their cut) are skipped.
        var covered = tier == BlockTier.Raw ? BlockFlags.None : tier.RolledUpInto();

        // Raw data: the whole answer in the raw tier; in a rollup tier, what is not rolled up yet
        // (the head, and blocks whose rollups come only when they age out).
        var scratch = TakeQueryScratch();
        try
        {
            foreach (var b in st.Raw)
            {
                if (covered != BlockFlags.None && b.Meta.Has(covered)) continue;
                if (b.Meta.MaxTime < startMs || b.Meta.MinTime >= endMs || !b.TryGet(key, out var e)) continue;
                if (e.MaxTime < startMs || e.MinTime >= endMs) continue;
                if (_decoded.TryGet(b, e.Offset, out var cached)) AddCached(acc, cached, startMs, endMs);
                else AddSection(acc, b, e, startMs, endMs, scratch);
                tiers = "raw";
            }
            if (AddHead(acc, st.Cutting, key, startMs, endMs, scratch)) tiers = "raw";
            if (AddHead(acc, st.Head, key, startMs, endMs, scratch)) tiers = "raw";
        }
        finally
        {
            ReturnQueryScratch(scratch);
        }

        if (tier != BlockTier.Raw)
        {
            // Files rolled up at age-out stand in for their raw block only once it is gone.
            HashSet<long>? rawSeqs = null;
            var withSketches = acc.HasSketches;
            foreach (var b in st.Tier(tier))
            {
                if (!b.Meta.Has(BlockFlags.FromCut))
                {
                    if (rawSeqs is null)
                    {
                        rawSeqs = [];
                        foreach (var r in st.Raw) rawSeqs.Add(r.Meta.Sequence);
                    }
                    if (rawSeqs.Contains(b.Meta.Sequence)) continue;
                }
                if (AddRollups(acc, b, key, startMs, endMs, withSketches)) tiers = WithTier(tiers, tier.Prefix());
            }
        }
        return acc.ToResult(statistics, tiers.Length == 0 ? "none" : tiers);
    }

    /// <summary>A cached section: through its per-minute aggregates when the periods allow, else sample by sample.</summary>
    private void AddCached(PeriodAccumulator acc, DecodedSection section, long startMs, long endMs)
    {
        if (acc.TakesMinutes)
        {
            var minutes = _decoded.Minutes(section);
            if (!minutes.IsNone)
            {
                var folded = acc.TakesFolded ? _decoded.Fold(section, minutes, acc.PeriodMs) : null;
                acc.AddMinutes(minutes, section.Timestamps, section.Values, startMs, endMs, folded);
                return;
            }
        }
        acc.AddPlain(section.Timestamps, section.Values, startMs, endMs);
    }

    private static bool AddHead(PeriodAccumulator acc, HeadGeneration? gen, SeriesKey key, long startMs, long endMs, List<Sample> scratch)
    {
        if (gen is null || !gen.Series.TryGetValue(key, out var sh)) return false;
        scratch.Clear();
        sh.Collect(startMs, endMs, scratch);
        if (scratch.Count == 0) return false;
        acc.AddSamples(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(scratch), startMs, endMs);
        return true;
    }

    [ThreadStatic] private static long[]? t_ts;
    [ThreadStatic] private static double[]? t_vs;

    /// <summary>Plain sections (the common case) decode into reused column arrays: no per-query large allocations.</summary>
    private void AddSection(PeriodAccumulator acc, BlockFile block, in BlockIndexEntry entry, long startMs, long endMs, List<Sample> scratch)
    {
        var section = block.ReadSection(entry);
        if (SeriesBlockCodec.HasStats(section))
        {
            scratch.Clear();
            SeriesBlockCodec.Decode(section, scratch);
            acc.AddSamples(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(scratch), startMs, endMs);
            return;
        }
        var ts = t_ts ??= new long[4096];
        var vs = t_vs ??= new double[4096];
        SeriesBlockCodec.DecodeInto(section, ref ts, ref vs, out var n);
        t_ts = ts;
        t_vs = vs;
        acc.AddPlain(ts.AsSpan(0, n), vs.AsSpan(0, n), startMs, endMs);
        _decoded.Add(block, entry.Offset, ts.AsSpan(0, n), vs.AsSpan(0, n));
    }

    /// <summary>Names each tier once, however many of its blocks answered ("raw+1m", not "1m+1m+1m").</summary>
    private static string WithTier(string tiers, string tier)
    {
        if (tiers.Length == 0) return tier;
        foreach (var t in tiers.Split('+'))
            if (string.Equals(t, tier, StringComparison.Ordinal)) return tiers;
        return tiers + "+" + tier;
    }

    /// <summary>
    /// Most samples a cached query scratch list may hold (16 Ki × 40 B = 640 KiB: a day of 10 s
    /// data). A decoded day of one series is a large-object-heap array, and without the cache
    /// every query allocated one (or, growing a list, several) and soon forced a gen-2 collection.
    /// </summary>
    private const int MaxCachedScratchSamples = 16 * 1024;

    [ThreadStatic] private static List<Sample>? t_queryScratch;

    // Taking the list out of the slot keeps it to one user even if a query ever nests.
    private static List<Sample> TakeQueryScratch()
    {
        var list = t_queryScratch ?? new List<Sample>(1024);
        t_queryScratch = null;
        return list;
    }

    private static void ReturnQueryScratch(List<Sample> list)
    {
        if (list.Capacity > MaxCachedScratchSamples) return;
        list.Clear();
        t_queryScratch = list;
    }

    /// <summary>
    /// The tier that answers: raw while the range starts within raw retention (or the period is
    /// not whole minutes); past it, the finest rollup tier that still covers the range start — 1
    /// minute within its retention or when the period is not whole hours, else 1 hour. The tier
    /// answers for everything already in blocks; the head (and raw blocks not yet rolled up into
    /// it) add their samples, so nothing is missing or counted twice.
    /// </summary>
    private BlockTier PlanTier(long startMs, long periodMs)
    {
        if (periodMs % BlockTier.OneMinute.BucketMs() != 0) return BlockTier.Raw;
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (startMs >= now - (long)_options.RawRetention.TotalMilliseconds) return BlockTier.Raw;
        if (startMs >= now - (long)_options.OneMinuteRetention.TotalMilliseconds || periodMs % BlockTier.OneHour.BucketMs() != 0) return BlockTier.OneMinute;
        return BlockTier.OneHour;
    }

    private static bool AddRollups(PeriodAccumulator acc, BlockFile b, SeriesKey key, long startMs, long endMs, bool withSketches)
    {
        if (b.Meta.MaxTime < startMs - b.Meta.Tier.BucketMs() || b.Meta.MinTime >= endMs || !b.TryGet(key, out var e)) return false;
        if (e.MaxTime < startMs - b.Meta.Tier.BucketMs() || e.MinTime >= endMs) return false;
        var any = false;
        foreach (var bucket in RollupCodec.Decode(b.ReadSection(e), b.Meta.Tier.BucketMs(), withSketches))
        {
            if (bucket.StartMs < startMs || bucket.StartMs >= endMs) continue;
            acc.AddBucket(bucket);
            any = true;
        }
        return any;
    }

    private static bool NeedsSketch(IReadOnlyList<Statistic> stats)
    {
        foreach (var s in stats)
            if (s.Kind == StatisticKind.Percentile) return true;
        return false;
    }

    internal static long FloorTo(long t, long step)
    {
        var q = Math.DivRem(t, step, out var rem);
        if (rem < 0) q--;
        return q * step;
    }

    /// <inheritdoc />
    public IReadOnlyList<Sample> ReadRaw(SeriesKey key, long startMs, long endMs)
    {
        var st = _state;
        var all = new List<Sample>();
        foreach (var b in st.Raw)
        {
            if (b.Meta.MaxTime < startMs || b.Meta.MinTime >= endMs || !b.TryGet(key, out var e)) continue;
            foreach (var s in SeriesBlockCodec.Decode(b.ReadSection(e)))
                if (s.TimestampMs >= startMs && s.TimestampMs < endMs) all.Add(s);
        }
        foreach (var gen in new[] { st.Cutting, st.Head })
        {
            if (gen is not null && gen.Series.TryGetValue(key, out var sh)) sh.Collect(startMs, endMs, all);
        }
        SortByTime(all);
        return all;
    }

    /// <inheritdoc />
    public IReadOnlyList<SeriesInfo> FindSeries(SeriesFilter filter)
    {
        var list = new List<SeriesInfo>();
        if (filter.Namespace is not null && filter.MetricName is not null)
        {
            // One metric: its index is small and already sorted.
            if (!_byMetric.TryGetValue((filter.Namespace, filter.MetricName), out var index)) return list;
            foreach (var e in index.Sorted())
            {
                var lastMs = Interlocked.Read(ref e.LastMs);
                if (lastMs == long.MinValue || !Matches(e.Key, filter)) continue;
                list.Add(new SeriesInfo(e.Key, e.Resolution, Interlocked.Read(ref e.FirstMs), lastMs));
            }
            return list;
        }
        foreach (var (key, e) in _catalog)
        {
            // A series is catalogued while its first write is still on the way to the WAL; it is
            // listed only once that write is durable and visible (its time span is then set).
            var last = Interlocked.Read(ref e.LastMs);
            if (last == long.MinValue || !Matches(key, filter)) continue;
            list.Add(new SeriesInfo(key, e.Resolution, Interlocked.Read(ref e.FirstMs), last));
        }
        list.Sort(static (a, b) => a.Key.CompareTo(b.Key));
        return list;
    }

    internal static bool Matches(SeriesKey key, SeriesFilter f)
    {
        if (f.Namespace is not null && !string.Equals(key.Namespace, f.Namespace, StringComparison.Ordinal)) return false;
        if (f.MetricName is not null && !string.Equals(key.MetricName, f.MetricName, StringComparison.Ordinal)) return false;
        if (f.Dimensions is null) return !f.ExactDimensions || key.Dimensions.Count == 0;
        if (f.ExactDimensions && f.Dimensions.Count != key.Dimensions.Count) return false;
        foreach (var (name, value) in f.Dimensions)
        {
            var v = key[name];
            if (v is null) return false;
            if (value is not null && !string.Equals(v, value, StringComparison.Ordinal)) return false;
        }
        return true;
    }
}
