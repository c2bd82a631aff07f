using Crema.Core.Statistics;

namespace Crema.Storage.Engine;

/// <summary>
/// A section's per-minute aggregates folded once more into epoch-aligned periods of one length
/// (5 minutes and up), so a dashboard refreshing the same query reads one aggregate per period
/// of the section instead of merging its minutes again. Folded with the same kernel the query
/// uses, so answers are bit-for-bit those of merging the minutes.
/// </summary>
internal sealed class FoldedPeriods
{
    /// <summary>Shorter periods fold too few minutes to be worth their memory.</summary>
    public const long MinMinutesPerPeriod = 5;

    private FoldedPeriods(long periodMs, long firstPeriodMs, Aggregate[] periods)
    {
        PeriodMs = periodMs;
        FirstPeriodMs = firstPeriodMs;
        Periods = periods;
    }

    public long PeriodMs { get; }

    /// <summary>Start of the period holding the section's first minute.</summary>
    public long FirstPeriodMs { get; }

    public Aggregate[] Periods { get; }

    public long Bytes => Periods.Length * 32L + 48;

    /// <summary>Folds <paramref name="minutes"/> into periods of <paramref name="periodMs"/> (a whole number of minutes, at least <see cref="MinMinutesPerPeriod"/>).</summary>
    public static FoldedPeriods Build(MinuteAggregates minutes, long periodMs)
    {
        const long B = MinuteAggregates.BucketMs;
        var buckets = minutes.Buckets;
        var first = SampleEngine.FloorTo(minutes.FirstBucketMs, periodMs);
        var step = periodMs / B;
        var pStartK = (first - minutes.FirstBucketMs) / B;
        var count = (int)((buckets.Length - pStartK + step - 1) / step);
        var periods = new Aggregate[count];
        for (var j = 0; j < count; j++, pStartK += step)
        {
            var lo = (int)Math.Max(0, pStartK);
            var hi = (int)Math.Min(buckets.Length, pStartK + step);
            PeriodAccumulator.MergeBuckets(buckets.AsSpan(lo, hi - lo), out var c, out var s, out var min, out var max);
            periods[j] = new Aggregate { Count = c, Sum = s, Min = min, Max = max };
        }
        return new FoldedPeriods(periodMs, first, periods);
    }
}
