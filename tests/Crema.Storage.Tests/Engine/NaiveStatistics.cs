using Crema.Core.Metrics;
using Crema.Core.Statistics;
using Crema.Storage.Engine;

namespace Crema.Storage.Tests.Engine;

/// <summary>
/// Statistics per period computed the slow, obvious way from raw samples, and the check that an
/// engine answer matches them: counts, minima and maxima exactly, sums and averages to 1e-9
/// relative, percentiles within the sketch's relative accuracy of the lower-rank sample.
/// </summary>
internal static class NaiveStatistics
{
    public static readonly Statistic[] All =
    [
        Statistic.SampleCount, Statistic.Sum, Statistic.Average, Statistic.Minimum, Statistic.Maximum,
        Statistic.P(50), Statistic.P(90), Statistic.P(99), Statistic.P(100),
    ];

    public static readonly Statistic[] NoPercentiles =
    [
        Statistic.SampleCount, Statistic.Sum, Statistic.Average, Statistic.Minimum, Statistic.Maximum,
    ];

    /// <summary>Queries the engine and asserts the answer equals the naive one; returns the answer's tier.</summary>
    public static string AssertQuery(SampleEngine engine, SeriesKey key, IReadOnlyList<Sample> samples, long startMs, long endMs, int periodSeconds,
        IReadOnlyList<Statistic>? statistics = null)
    {
        statistics ??= All;
        var actual = engine.Query(key, startMs, endMs, periodSeconds, statistics);
        AssertMatches(samples, startMs, endMs, periodSeconds, statistics, actual, new QueryDescription(key, startMs, endMs, periodSeconds));
        return actual.Tier;
    }

    public static void AssertMatches(IReadOnlyList<Sample> samples, long startMs, long endMs, int periodSeconds,
        IReadOnlyList<Statistic> statistics, PeriodSeries actual, QueryDescription what)
    {
        var periodMs = periodSeconds * 1000L;
        // The engine's rule: periods aligned to the epoch, except a period covering the whole range (one datapoint from start).
        var first = periodMs >= endMs - startMs ? startMs : Floor(startMs, periodMs);
        var groups = new SortedDictionary<long, List<Sample>>();
        foreach (var s in samples)
        {
            if (s.TimestampMs < startMs || s.TimestampMs >= endMs || !Counts(s)) continue;
            var p = first + Floor(s.TimestampMs - first, periodMs);
            if (!groups.TryGetValue(p, out var g)) groups[p] = g = [];
            g.Add(s);
        }

        if (groups.Count != actual.Timestamps.Length)
            Assert.Fail($"{what}: expected {groups.Count} periods, got {actual.Timestamps.Length} (tier {actual.Tier})");
        var row = 0;
        foreach (var (periodStart, g) in groups)
        {
            if (periodStart != actual.Timestamps[row]) Assert.Fail($"{what}: row {row} starts at {actual.Timestamps[row]}, expected {periodStart}");
            double count = 0, sum = 0, abs = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            foreach (var s in g)
            {
                count += s.Count;
                sum += s.Sum;
                abs += Math.Abs(s.Sum);
                min = Math.Min(min, s.Min);
                max = Math.Max(max, s.Max);
            }
            var tol = 1e-9 * Math.Max(1, abs);
            for (var k = 0; k < statistics.Count; k++)
            {
                var st = statistics[k];
                var got = actual.Values[k][row];
                double expected;
                bool ok;
                switch (st.Kind)
                {
                    case StatisticKind.SampleCount: expected = count; ok = count == got; break;
                    case StatisticKind.Minimum: expected = min; ok = min == got; break;
                    case StatisticKind.Maximum: expected = max; ok = max == got; break;
                    case StatisticKind.Sum: expected = sum; ok = Math.Abs(sum - got) <= tol; break;
                    case StatisticKind.Average: expected = sum / count; ok = Math.Abs(expected - got) <= tol / count; break;
                    default:
                        expected = LowerRank(g, st.Percentile / 100.0);
                        ok = Math.Abs(got - expected) <= QuantileSketch.RelativeAccuracy * Math.Abs(expected) * (1 + 1e-9) + 1e-12;
                        break;
                }
                // Messages are built only on failure: formatting them for every value would dominate the run time.
                if (!ok) Assert.Fail($"{what}: {st} of period {periodStart} (tier {actual.Tier}): expected {expected}, got {got}");
            }
            row++;
        }
    }

    /// <summary>Whether a sample is an observation (NaN values and staleness markers are not).</summary>
    private static bool Counts(in Sample s) => !double.IsNaN(s.Sum) && s.Count > 0;

    /// <summary>
    /// The value at sorted index ⌊q·(n−1)⌋, n the total weight. A statistic set stands for its
    /// minimum and maximum once each and its mean for the rest (two values: min and max, half each),
    /// as the engine documents; a weighted value stands for its count of equal values.
    /// </summary>
    private static double LowerRank(List<Sample> g, double q)
    {
        var values = new List<(double Value, double Weight)>();
        foreach (var s in g)
        {
            if (s.Min.Equals(s.Max))
            {
                values.Add((s.Min, s.Count));
            }
            else if (s.Count <= 2)
            {
                values.Add((s.Min, s.Count / 2));
                values.Add((s.Max, s.Count / 2));
            }
            else
            {
                values.Add((s.Min, 1));
                values.Add((s.Max, 1));
                values.Add(((s.Sum - s.Min - s.Max) / (s.Count - 2), s.Count - 2));
            }
        }
        values.Sort(static (a, b) => a.Value.CompareTo(b.Value));
        double n = 0;
        foreach (var v in values) n += v.Weight;
        var rank = q * (n - 1);
        double cumulative = 0;
        foreach (var v in values)
        {
            cumulative += v.Weight;
            if (cumulative > rank) return v.Value;
        }
        return values[^1].Value;
    }

    private static long Floor(long t, long step)
    {
        var q = Math.DivRem(t, step, out var rem);
        if (rem < 0) q--;
        return q * step;
    }
}
