using System.Buffers;
using Crema.Core.Statistics;
using Crema.Storage.Engine;

namespace Crema.Storage.Tests.Engine;

/// <summary>Rollup sections round-trip bit for bit; buckets of one period from several files merge into one.</summary>
public sealed class RollupCodecTests
{
    [Theory]
    [InlineData(1, 60_000L, false)]
    [InlineData(2, 3_600_000L, false)]
    [InlineData(3, 60_000L, true)]
    [InlineData(4, 3_600_000L, true)]
    public void Round_trips_random_buckets_with_and_without_their_sketches(int seed, long bucketMs, bool fast)
    {
        var buckets = RandomBuckets(new Random(seed), bucketMs, count: 700);
        var bytes = RollupCodec.Encode(buckets, bucketMs, fast);
        AssertSame(buckets, RollupCodec.Decode(bytes, bucketMs), sketches: true);
        AssertSame(buckets, RollupCodec.Decode(bytes, bucketMs, sketches: false), sketches: false);
    }

    [Fact]
    public void Merging_split_periods_equals_rolling_up_in_one_go()
    {
        var rng = new Random(7);
        var values = new List<(long T, double V)>();
        for (var i = 0; i < 5000; i++) values.Add((rng.NextInt64(0, 6 * 3_600_000), Math.Round(rng.NextDouble() * 500 - 50, 1)));
        var whole = BuildFrom(values, 3_600_000);
        // Three "files", each an arbitrary share of the values, in any order: periods repeat across them.
        var parts = new List<RollupBucket>();
        for (var p = 0; p < 3; p++) parts.AddRange(BuildFrom(values.Where((_, i) => i % 3 == p).ToList(), 3_600_000));
        parts.Reverse();
        var merged = RollupCodec.MergeSamePeriods(parts);
        Assert.Equal(whole.Count, merged.Count);
        for (var i = 0; i < whole.Count; i++)
        {
            Assert.Equal(whole[i].StartMs, merged[i].StartMs);
            Assert.Equal(whole[i].Aggregate.Count, merged[i].Aggregate.Count);
            Assert.Equal(whole[i].Aggregate.Min, merged[i].Aggregate.Min);
            Assert.Equal(whole[i].Aggregate.Max, merged[i].Aggregate.Max);
            Assert.Equal(whole[i].Aggregate.Sum, merged[i].Aggregate.Sum, 1e-9 * Math.Abs(whole[i].Aggregate.Sum) + 1e-9);
            // Sketch buckets depend only on the values: merged sketches equal one built in one go.
            Assert.Equal(Serialized(whole[i].Sketch), Serialized(merged[i].Sketch));
        }
    }

    [Fact]
    public void Rejects_an_unknown_version()
    {
        var bytes = RollupCodec.Encode(RandomBuckets(new Random(5), 60_000, 3), 60_000);
        bytes[0] = 9;
        Assert.Throws<InvalidDataException>(() => RollupCodec.Decode(bytes, 60_000));
    }

    private static List<RollupBucket> BuildFrom(List<(long T, double V)> values, long bucketMs)
    {
        var sorted = values.OrderBy(x => x.T).Select(x => Crema.Core.Metrics.Sample.Plain(x.T, x.V)).ToArray();
        return RollupCodec.Build(sorted, bucketMs);
    }

    /// <summary>Irregular periods (some negative), one-decimal and full-precision values, empty buckets (±∞ bounds), weighted sketches.</summary>
    private static List<RollupBucket> RandomBuckets(Random rng, long bucketMs, int count)
    {
        var list = new List<RollupBucket>();
        var idx = -5L + rng.Next(10);
        for (var i = 0; i < count; i++)
        {
            idx += 1 + (rng.Next(5) == 0 ? rng.Next(1, 500) : 0);
            var b = new RollupBucket(idx * bucketMs);
            if (rng.Next(20) != 0)
            {
                var n = rng.Next(1, 40);
                var level = rng.Next(-100, 1000);
                for (var k = 0; k < n; k++)
                {
                    var v = rng.Next(4) == 0 ? rng.NextDouble() * 1e6 : Math.Round(level + rng.NextDouble() * 20, 1);
                    b.Aggregate.Add(v);
                    b.Sketch.Add(v, rng.Next(3) == 0 ? 1.5 : 1);
                }
            }
            list.Add(b);
        }
        return list;
    }

    private static void AssertSame(List<RollupBucket> expected, List<RollupBucket> actual, bool sketches)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].StartMs, actual[i].StartMs);
            Assert.Equal(Bits(expected[i].Aggregate), Bits(actual[i].Aggregate));
            if (sketches) Assert.Equal(Serialized(expected[i].Sketch), Serialized(actual[i].Sketch));
            else Assert.True(actual[i].Sketch.IsEmpty);
        }
    }

    private static (long, long, long, long) Bits(Aggregate a) =>
        (BitConverter.DoubleToInt64Bits(a.Count), BitConverter.DoubleToInt64Bits(a.Sum), BitConverter.DoubleToInt64Bits(a.Min), BitConverter.DoubleToInt64Bits(a.Max));

    private static byte[] Serialized(QuantileSketch s)
    {
        var w = new ArrayBufferWriter<byte>();
        s.WriteTo(w);
        return w.WrittenSpan.ToArray();
    }
}
