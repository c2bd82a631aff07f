using Crema.Core.Statistics;

namespace Crema.Storage.Engine;

/// <summary>
/// Count, sum, minimum and maximum of a decoded block section per epoch-aligned minute. Any
/// period that is a whole number of minutes is then a sum of ~P/60 buckets instead of a scan
/// of every sample; only the partial minutes at a query's edges still read samples. Built
/// from a section's sorted columns, so it is as immutable as the block it came from.
/// </summary>
internal sealed class MinuteAggregates
{
    public const long BucketMs = 60_000;

    private MinuteAggregates(long firstBucketMs, Aggregate[] buckets)
    {
        FirstBucketMs = firstBucketMs;
        Buckets = buckets;
    }

    /// <summary>Stands for "a section not worth bucketing" (fewer samples than minutes, or unsorted), so it is not tried again.</summary>
    public static MinuteAggregates None { get; } = new(0, []);

    /// <summary>Start of the first bucket (a multiple of a minute since the epoch).</summary>
    public long FirstBucketMs { get; }

    /// <summary>One aggregate per minute from <see cref="FirstBucketMs"/>; empty minutes are <see cref="Aggregate.Empty"/>.</summary>
    public Aggregate[] Buckets { get; }

    public bool IsNone => Buckets.Length == 0;

    /// <summary>Memory held, for the cache's budget.</summary>
    public long Bytes => Buckets.Length * 32L + 48;

    /// <summary>
    /// Buckets for sorted columns; <see cref="None"/> when the section has fewer samples than it
    /// spans minutes (the buckets would outweigh the samples and save no work) or is not sorted.
    /// NaN values are skipped, as every statistic skips them.
    /// </summary>
    public static MinuteAggregates Build(ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values)
    {
        if (timestamps.Length == 0) return None;
        var first = SampleEngine.FloorTo(timestamps[0], BucketMs);
        var last = SampleEngine.FloorTo(timestamps[^1], BucketMs);
        if (last < first) return None;
        var count = (last - first) / BucketMs + 1;
        if (count > timestamps.Length) return None;
        var buckets = new Aggregate[count];
        buckets.AsSpan().Fill(Aggregate.Empty);
        var k = 0;
        var bucketEnd = first + BucketMs;
        double n = 0, sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        var prev = long.MinValue;
        for (var i = 0; i < timestamps.Length; i++)
        {
            var t = timestamps[i];
            if (t < prev) return None;
            prev = t;
            if (t >= bucketEnd)
            {
                buckets[k] = Close(n, sum, min, max);
                k = (int)((t - first) / BucketMs);
                bucketEnd = first + (k + 1) * BucketMs;
                n = 0;
                sum = 0;
                min = double.PositiveInfinity;
                max = double.NegativeInfinity;
            }
            var v = values[i];
            if (double.IsNaN(v)) continue;
            n++;
            sum += v;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        buckets[k] = Close(n, sum, min, max);
        return new MinuteAggregates(first, buckets);
    }

    private static Aggregate Close(double n, double sum, double min, double max) =>
        n == 0 ? Aggregate.Empty : new Aggregate { Count = n, Sum = sum, Min = min, Max = max };
}
