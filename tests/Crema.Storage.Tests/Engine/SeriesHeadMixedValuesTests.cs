using Crema.Core.Metrics;
using Crema.Storage.Engine;

namespace Crema.Storage.Tests.Engine;

/// <summary>
/// A series' head moves between decimal, XOR and statistic chunks as its values change: every sample
/// comes back bit for bit, in time order, whatever the mix.
/// </summary>
public sealed class SeriesHeadMixedValuesTests
{
    private static readonly double StaleNaN = BitConverter.Int64BitsToDouble(0x7ff0000000000002);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Random_mixes_of_decimals_odd_values_and_statistic_sets_round_trip(int seed)
    {
        var rng = new Random(seed);
        var head = new SeriesHead(new SeriesKey("Shop", "Mixed"), StorageResolution.High);
        var expected = new List<Sample>();
        long t = 1_700_000_000_000;
        var level = 100.0;
        for (var i = 0; i < 5000; i++)
        {
            t += rng.Next(10) == 0 ? 0 : 10_000;
            level += (rng.NextDouble() - 0.5) * 10;
            var digits = rng.Next(20) == 0 ? rng.Next(0, 12) : 2; // now and then more digits than the chunk holds
            var s = rng.Next(40) switch
            {
                0 => Sample.Plain(t, StaleNaN),
                1 => Sample.Plain(t, -0.0),
                2 => Sample.Plain(t, 1.0 / 3),
                3 => Sample.FromSet(t, new StatisticSet(rng.Next(1, 9), Math.Round(level * 4, 2), Math.Round(level - 1, 2), Math.Round(level + 1, 2))),
                4 => Sample.Plain(t, Math.Round(level * 1e6, 0)),
                _ => Sample.Plain(t, Math.Round(level, digits)),
            };
            expected.Add(s);
        }

        // Appended in batches the size remote write sends.
        for (var at = 0; at < expected.Count; at += 20)
            head.Append(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(expected).Slice(at, Math.Min(20, expected.Count - at)));

        var read = new List<Sample>();
        Assert.False(head.Collect(long.MinValue, long.MaxValue, read), "in-order appends need no sort");
        Assert.Equal(expected.Count, read.Count);
        SampleAssert.BitEqual(expected.ToArray(), read.ToArray());
    }
}
