using Crema.Core.Metrics;

namespace Crema.Storage.Tests.Engine;

/// <summary>
/// Random series for engine tests, fixed by a seed: irregular timestamps with duplicates at the
/// same millisecond, plain, weighted and statistic-set samples, NaN and staleness markers, and an
/// arrival order in which some samples come a little late (out of order) and some much later.
/// </summary>
internal sealed class Workload
{
    private readonly List<(SeriesKey Key, Sample Sample)> _arrivals;

    private Workload(List<SeriesKey> keys, Dictionary<SeriesKey, int> resolutions, List<(SeriesKey, Sample)> arrivals)
    {
        Keys = keys;
        Resolutions = resolutions;
        _arrivals = arrivals;
    }

    public IReadOnlyList<SeriesKey> Keys { get; }
    public IReadOnlyDictionary<SeriesKey, int> Resolutions { get; }
    public int Count => _arrivals.Count;

    public long MinTime
    {
        get
        {
            var m = long.MaxValue;
            foreach (var (_, s) in _arrivals) m = Math.Min(m, s.TimestampMs);
            return m;
        }
    }

    public long MaxTime
    {
        get
        {
            var m = long.MinValue;
            foreach (var (_, s) in _arrivals) m = Math.Max(m, s.TimestampMs);
            return m;
        }
    }

    /// <summary>
    /// <paramref name="series"/> series of about <paramref name="perSeries"/> samples each, spread over
    /// [<paramref name="start"/>, start + <paramref name="spanMs"/>).
    /// </summary>
    public static Workload Create(int seed, int series, int perSeries, long start, long spanMs)
    {
        var rng = new Random(seed);
        var keys = new List<SeriesKey>();
        var resolutions = new Dictionary<SeriesKey, int>();
        var tagged = new List<(double Arrival, int Order, SeriesKey Key, Sample Sample)>();
        var order = 0;
        for (var k = 0; k < series; k++)
        {
            var key = new SeriesKey("Test/Engine", k % 2 == 0 ? "Latency" : "Requests",
                [new Dimension("Host", "h" + k.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Dimension("Az", k % 3 == 0 ? "a" : "b")]);
            keys.Add(key);
            resolutions[key] = k == 1 ? 1 : 60;
            var step = Math.Max(2, spanMs / perSeries);
            var t = start + rng.Next((int)Math.Min(step, int.MaxValue));
            var level = rng.Next(-50, 400);
            for (var i = 0; i < perSeries; i++)
            {
                // One in ten shares the previous millisecond; the rest are irregular.
                if (i > 0 && rng.Next(10) != 0) t += 1 + rng.NextInt64(2 * step - 1);
                if (t >= start + spanMs) break;
                level += rng.Next(-20, 21);
                var sample = NextSample(rng, t, level);
                // Arrival position: in time order mostly, some a few positions late, some far late.
                double arrival = i;
                var r = rng.Next(100);
                if (r < 6) arrival += rng.Next(1, 40);
                else if (r < 8) arrival += rng.Next(perSeries / 10, perSeries / 3 + 2);
                tagged.Add((arrival / perSeries, order++, key, sample));
            }
        }
        tagged.Sort(static (a, b) => a.Arrival != b.Arrival ? a.Arrival.CompareTo(b.Arrival) : a.Order.CompareTo(b.Order));
        var arrivals = new List<(SeriesKey, Sample)>(tagged.Count);
        foreach (var x in tagged) arrivals.Add((x.Key, x.Sample));
        return new Workload(keys, resolutions, arrivals);
    }

    private static Sample NextSample(Random rng, long t, int level)
    {
        var kind = rng.Next(100);
        var v = Math.Round(level + rng.NextDouble() * 10, 2);
        if (kind < 66) return Sample.Plain(t, v);
        if (kind < 68) return Sample.Plain(t, 0);
        if (kind < 78) return Sample.Weighted(t, v, rng.Next(2, 6));
        if (kind < 88)
        {
            var n = rng.Next(3, 9);
            double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (var j = 0; j < n; j++)
            {
                var x = Math.Round(v + rng.NextDouble() * 40 - 20, 2);
                sum += x;
                min = Math.Min(min, x);
                max = Math.Max(max, x);
            }
            return Sample.FromSet(t, new StatisticSet(n, sum, min, max));
        }
        if (kind < 91)
        {
            // A statistic set of equal values (a count of 1 makes it a plain sample).
            var c = rng.Next(1, 4);
            return Sample.FromSet(t, new StatisticSet(c, v * c, v, v));
        }
        if (kind < 95) return Sample.Plain(t, double.NaN);
        return Sample.Plain(t, StaleMarker.Value);
    }

    /// <summary>All samples of one series (any order).</summary>
    public List<Sample> SamplesOf(SeriesKey key)
    {
        var list = new List<Sample>();
        foreach (var (k, s) in _arrivals)
            if (k.Equals(key)) list.Add(s);
        return list;
    }

    /// <summary>Samples of one series among arrivals [from, to).</summary>
    public List<Sample> SamplesOf(SeriesKey key, int from, int to)
    {
        var list = new List<Sample>();
        for (var i = from; i < to; i++)
            if (_arrivals[i].Key.Equals(key)) list.Add(_arrivals[i].Sample);
        return list;
    }

    /// <summary>
    /// Arrivals [from, to) cut into batches of 1–<paramref name="maxBatch"/> samples; each batch has one
    /// write per series (sometimes two for the same series, which the engine must also take).
    /// </summary>
    public List<List<SeriesWrite>> Batches(int seed, int from, int to, int maxBatch)
    {
        var rng = new Random(seed);
        var batches = new List<List<SeriesWrite>>();
        var i = from;
        while (i < to)
        {
            var n = Math.Min(rng.Next(1, maxBatch + 1), to - i);
            var bySeries = new Dictionary<SeriesKey, List<Sample>>();
            var keyOrder = new List<SeriesKey>();
            for (var j = i; j < i + n; j++)
            {
                var (k, s) = _arrivals[j];
                if (!bySeries.TryGetValue(k, out var l))
                {
                    bySeries[k] = l = [];
                    keyOrder.Add(k);
                }
                l.Add(s);
            }
            var batch = new List<SeriesWrite>();
            foreach (var k in keyOrder)
            {
                var samples = bySeries[k].ToArray();
                if (samples.Length > 3 && rng.Next(4) == 0)
                {
                    var cut = rng.Next(1, samples.Length);
                    batch.Add(new SeriesWrite(k, Resolutions[k], samples[..cut]));
                    batch.Add(new SeriesWrite(k, Resolutions[k], samples[cut..]));
                }
                else
                {
                    // Sometimes a pooled-style array longer than Count, as the server passes them.
                    var padded = new Sample[samples.Length + rng.Next(3)];
                    samples.CopyTo(padded, 0);
                    for (var p = samples.Length; p < padded.Length; p++) padded[p] = Sample.Plain(-1, 12345);
                    batch.Add(new SeriesWrite(k, Resolutions[k], padded, samples.Length));
                }
            }
            batches.Add(batch);
            i += n;
        }
        return batches;
    }
}
