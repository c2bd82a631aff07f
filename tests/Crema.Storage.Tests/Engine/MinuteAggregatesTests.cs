using Crema.Core.Metrics;
using Crema.Core.Statistics;
using Crema.Storage.Engine;

namespace Crema.Storage.Tests.Engine;

/// <summary>Per-minute aggregates of a section, and periods folded from them, against naive computations.</summary>
public sealed class MinuteAggregatesTests
{
    private static readonly int[] MinutePeriods = [60, 120, 300, 900, 3600, 86_400];

    /// <summary>Sorted plain columns: irregular steps (several samples at one millisecond, gaps of minutes), some NaN.</summary>
    private static (long[] Ts, double[] Vs) Columns(int seed, int count, long start)
    {
        var rng = new Random(seed);
        var ts = new long[count];
        var vs = new double[count];
        var t = start;
        for (var i = 0; i < count; i++)
        {
            var r = rng.NextDouble();
            t += r < 0.05 ? 0 : r < 0.08 ? rng.Next(60_000, 400_000) : rng.Next(1, 12_000);
            ts[i] = t;
            vs[i] = rng.NextDouble() < 0.03 ? double.NaN : Math.Round((rng.NextDouble() - 0.3) * 1000, rng.Next(0, 4));
        }
        return (ts, vs);
    }

    private static List<Sample> Samples(long[] ts, double[] vs)
    {
        var list = new List<Sample>(ts.Length);
        for (var i = 0; i < ts.Length; i++) list.Add(Sample.Plain(ts[i], vs[i]));
        return list;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Buckets_hold_the_count_sum_min_and_max_of_each_minute(int seed)
    {
        var (ts, vs) = Columns(seed, 5000, EngineHarness.T0 + 4321);
        var m = MinuteAggregates.Build(ts, vs);
        Assert.False(m.IsNone);
        Assert.Equal(0, m.FirstBucketMs % 60_000);
        var naive = new Dictionary<long, Aggregate>();
        for (var i = 0; i < ts.Length; i++)
        {
            var b = ts[i] - (ts[i] % 60_000);
            var a = naive.TryGetValue(b, out var x) ? x : Aggregate.Empty;
            a.Add(vs[i]);
            naive[b] = a;
        }
        for (var k = 0; k < m.Buckets.Length; k++)
        {
            var got = m.Buckets[k];
            if (!naive.TryGetValue(m.FirstBucketMs + k * 60_000, out var want) || want.IsEmpty)
            {
                Assert.True(got.IsEmpty, $"bucket {k} should be empty");
                continue;
            }
            Assert.Equal(want.Count, got.Count);
            Assert.Equal(want.Sum, got.Sum, 9);
            Assert.Equal(want.Min, got.Min);
            Assert.Equal(want.Max, got.Max);
        }
        Assert.Equal(naive.Values.Count(a => !a.IsEmpty), m.Buckets.Count(b => !b.IsEmpty));
    }

    [Fact]
    public void Sparse_or_unsorted_sections_are_not_bucketed()
    {
        // One sample an hour: 24 samples over 1,381 minutes.
        var sparse = Enumerable.Range(0, 24).Select(i => EngineHarness.T0 + i * 3_600_000L).ToArray();
        Assert.True(MinuteAggregates.Build(sparse, new double[sparse.Length]).IsNone);
        var (ts, vs) = Columns(4, 1000, EngineHarness.T0);
        (ts[10], ts[11]) = (ts[11] + 1, ts[10]);
        Assert.True(MinuteAggregates.Build(ts, vs).IsNone);
        Assert.True(MinuteAggregates.Build([], []).IsNone);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void Periods_folded_from_minutes_match_a_naive_computation_for_any_range(int seed)
    {
        var (ts, vs) = Columns(seed, 6000, EngineHarness.T0 - 1_234_567);
        var samples = Samples(ts, vs);
        var minutes = MinuteAggregates.Build(ts, vs);
        Assert.False(minutes.IsNone);
        var rng = new Random(seed);
        var lo = ts[0] - 300_000;
        var hi = ts[^1] + 300_000;
        var folds = 0;
        for (var trial = 0; trial < 300; trial++)
        {
            var period = MinutePeriods[rng.Next(MinutePeriods.Length)];
            long start = lo + (long)(rng.NextDouble() * (hi - lo));
            long end = start + 1 + (long)(rng.NextDouble() * (hi - start));
            // Half the ranges on whole minutes, half anywhere (partial minutes at the edges).
            if (trial % 2 == 0)
            {
                start -= ((start % 60_000) + 60_000) % 60_000;
                end -= ((end % 60_000) + 60_000) % 60_000;
                if (end <= start) end = start + 60_000;
            }
            var periodMs = period * 1000L;
            var first = periodMs >= end - start ? start : SampleEngine.FloorTo(start, periodMs);
            var n = (int)((end - first + periodMs - 1) / periodMs);
            using var acc = new PeriodAccumulator(first, periodMs, n, sketches: false);
            // The grid is period-aligned (so minute-aligned), or one period holds the whole range.
            Assert.True(acc.TakesMinutes);
            acc.AddMinutes(minutes, ts, vs, start, end);
            var result = acc.ToResult(NaiveStatistics.NoPercentiles, "raw");
            NaiveStatistics.AssertMatches(samples, start, end, period, NaiveStatistics.NoPercentiles, result,
                new QueryDescription(new SeriesKey("T", "M"), start, end, period));

            // Whole periods read from folded periods give the very same bits.
            using var again = new PeriodAccumulator(first, periodMs, n, sketches: false);
            if (!again.TakesFolded) continue;
            folds++;
            again.AddMinutes(minutes, ts, vs, start, end, FoldedPeriods.Build(minutes, periodMs));
            var viaFolded = again.ToResult(NaiveStatistics.NoPercentiles, "raw");
            Assert.Equal(result.Timestamps, viaFolded.Timestamps);
            for (var k = 0; k < result.Values.Length; k++) Assert.Equal(result.Values[k], viaFolded.Values[k]);
        }
        Assert.True(folds > 50, $"only {folds} trials folded");
    }

    [Fact]
    public void Percentiles_and_unaligned_grids_do_not_take_minutes()
    {
        using (var p99 = new PeriodAccumulator(EngineHarness.T0, 60_000, 10, sketches: true)) Assert.False(p99.TakesMinutes);
        using (var thirty = new PeriodAccumulator(EngineHarness.T0, 30_000, 10, sketches: false)) Assert.False(thirty.TakesMinutes);
        using (var offGrid = new PeriodAccumulator(EngineHarness.T0 + 1, 120_000, 10, sketches: false)) Assert.False(offGrid.TakesMinutes);
        // One period holding the whole range takes minutes wherever it starts.
        using (var single = new PeriodAccumulator(EngineHarness.T0 + 1, 86_400_000, 1, sketches: false)) Assert.True(single.TakesMinutes);
        using (var aligned = new PeriodAccumulator(EngineHarness.T0, 300_000, 10, sketches: false))
        {
            Assert.True(aligned.TakesMinutes);
            Assert.True(aligned.TakesFolded);
        }
        // Minute periods are the buckets themselves: nothing to fold.
        using (var minute = new PeriodAccumulator(EngineHarness.T0, 60_000, 10, sketches: false)) Assert.False(minute.TakesFolded);
    }
}
