using System.Diagnostics;
using Crema.Core.Metrics;
using Crema.Storage.Encoding;
using Xunit.Abstractions;

namespace Crema.Storage.Tests.Encoding;

public sealed class SeriesBlockCodecTests(ITestOutputHelper output)
{
    private static readonly double StaleNaN = BitConverter.Int64BitsToDouble(0x7ff0000000000002);

    private static void AssertRoundTrip(Sample[] samples)
    {
        byte[] data = SeriesBlockCodec.Encode(samples);
        Assert.Equal(samples.Length, SeriesBlockCodec.GetCount(data));
        SampleAssert.BitEqual(samples, SeriesBlockCodec.Decode(data));

        var list = new List<Sample> { Sample.Plain(1, 1) };
        Assert.Equal(samples.Length, SeriesBlockCodec.Decode(data, list));
        SampleAssert.BitEqual(samples, list.ToArray().AsSpan(1));
    }

    private static double OddValue(Random rng) => rng.Next(8) switch
    {
        0 => StaleNaN,
        1 => double.NaN,
        2 => -0.0,
        3 => double.NegativeInfinity,
        4 => BitConverter.Int64BitsToDouble(rng.NextInt64()),
        5 => 0.1 + 0.2,
        6 => 1e300,
        _ => -12.345,
    };

    [Fact]
    public void Round_trips_empty_and_single_sample_segments()
    {
        AssertRoundTrip([]);
        AssertRoundTrip([Sample.Plain(-5, -0.0)]);
        AssertRoundTrip([Sample.Plain(long.MaxValue, StaleNaN)]);
        AssertRoundTrip([new Sample(3, 10, 4, 1, 5)]);
    }

    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(2, 0.001)]
    [InlineData(3, 0.1)]
    [InlineData(4, 1.0)]
    public void Round_trips_random_series_with_odd_values_bit_exactly(int seed, double oddShare)
    {
        var rng = new Random(seed);
        for (int round = 0; round < 40; round++)
        {
            int n = rng.Next(1, 3000);
            long[] ts = rng.Next(3) == 0 ? SeriesGenerator.Timestamps(rng, n) : RandomTimestamps(rng, n);
            double[] values = (rng.Next(4)) switch
            {
                0 => SeriesGenerator.Counter(rng, n),
                1 => SeriesGenerator.NoisyGauge(rng, n),
                2 => SeriesGenerator.Inventory(rng, n),
                _ => SeriesGenerator.IntegerGauge(rng, n),
            };
            for (int i = 0; i < n; i++)
            {
                if (rng.NextDouble() < oddShare)
                {
                    values[i] = OddValue(rng);
                }
            }

            AssertRoundTrip(SeriesGenerator.Plain(ts, values));
        }
    }

    [Fact]
    public void Round_trips_extreme_timestamps_and_mantissas()
    {
        AssertRoundTrip([Sample.Plain(long.MinValue, 9007199254740991), Sample.Plain(0, -9007199254740991), Sample.Plain(long.MaxValue, 1e15)]);
        AssertRoundTrip([Sample.Plain(1, 1e-12), Sample.Plain(2, 123456.123456), Sample.Plain(3, 5e20), Sample.Plain(4, 4e9)]);
        AssertRoundTrip([Sample.Plain(1, 1_000_000), Sample.Plain(2, 3_000_000), Sample.Plain(3, -7_000_000), Sample.Plain(3, 0)]);
    }

    [Fact]
    public void Round_trips_segments_with_statistic_sets_and_plain_samples_mixed()
    {
        var rng = new Random(8);
        for (int round = 0; round < 30; round++)
        {
            int n = rng.Next(1, 2000);
            long[] ts = SeriesGenerator.Timestamps(rng, n);
            var samples = new Sample[n];
            for (int i = 0; i < n; i++)
            {
                double a = Math.Round(rng.NextDouble() * 100, 2), b = Math.Round(rng.NextDouble() * 100, 2);
                samples[i] = rng.Next(3) switch
                {
                    0 => Sample.Plain(ts[i], a),
                    1 => new Sample(ts[i], Math.Round(a * 7, 2), rng.Next(1, 60), Math.Min(a, b), Math.Max(a, b)),
                    _ => new Sample(ts[i], OddValue(rng), rng.NextDouble() * 3, OddValue(rng), OddValue(rng)),
                };
            }

            AssertRoundTrip(samples);
        }
    }

    [Fact]
    public void DecodeInto_fills_and_grows_caller_arrays()
    {
        var rng = new Random(12);
        long[] ts = SeriesGenerator.Timestamps(rng, 5000);
        double[] values = SeriesGenerator.NoisyGauge(rng, 5000);
        byte[] data = SeriesBlockCodec.Encode(ts, values);
        long[] outTs = new long[10];
        double[] outValues = [];
        SeriesBlockCodec.DecodeInto(data, ref outTs, ref outValues, out int count);
        Assert.Equal(5000, count);
        Assert.Equal(ts, outTs.AsSpan(0, count).ToArray());
        Assert.Equal(values, outValues.AsSpan(0, count).ToArray());
        SampleAssert.BitEqual(SeriesGenerator.Plain(ts, values), SeriesBlockCodec.Decode(data));
    }

    [Fact]
    public void Corrupt_or_truncated_data_is_reported_as_invalid()
    {
        var rng = new Random(13);
        byte[] data = SeriesBlockCodec.Encode(SeriesGenerator.Plain(SeriesGenerator.Timestamps(rng, 1000), SeriesGenerator.NoisyGauge(rng, 1000)));
        Assert.Throws<InvalidDataException>(() => SeriesBlockCodec.Decode(data.AsSpan(0, data.Length / 2)));
        Assert.Throws<InvalidDataException>(() => SeriesBlockCodec.Decode(data.AsSpan(0, 1)));
        byte[] badVersion = (byte[])data.Clone();
        badVersion[0] = 99;
        Assert.Throws<InvalidDataException>(() => SeriesBlockCodec.Decode(badVersion));
    }

    [Fact]
    public void Compresses_realistic_series_well_below_one_byte_per_sample()
    {
        var kinds = new (string Name, Func<Random, int, double[]> Make)[]
        {
            ("counter", SeriesGenerator.Counter),
            ("noisy gauge (N(0,12), 0.01)", SeriesGenerator.NoisyGauge),
            ("inventory (0.01)", SeriesGenerator.Inventory),
            ("integer gauge", SeriesGenerator.IntegerGauge),
        };

        foreach (int n in new[] { 720, 8640 })
        {
            long totalBytes = 0, totalGorilla = 0, totalHead = 0, totalSamples = 0;
            foreach (var (name, make) in kinds)
            {
                long bytes = 0, gorilla = 0, head = 0, samples = 0;
                for (int seed = 0; seed < 5; seed++)
                {
                    var rng = new Random(seed * 31 + n);
                    Sample[] s = SeriesGenerator.Plain(SeriesGenerator.Timestamps(rng, n), make(rng, n));
                    byte[] data = SeriesBlockCodec.Encode(s);
                    SampleAssert.BitEqual(s, SeriesBlockCodec.Decode(data));
                    bytes += data.Length;
                    gorilla += ChunkBytes(s, () => new HeadChunk(0, 0, decimalValues: false));
                    head += ChunkBytes(s, () => new HeadChunk());
                    samples += n;
                }

                output.WriteLine($"n={n,5} {name,-30} {bytes / (double)samples:F3} B/sample (head chunks {head / (double)samples:F3}, Gorilla XOR chunks {gorilla / (double)samples:F3})");
                totalBytes += bytes;
                totalGorilla += gorilla;
                totalHead += head;
                totalSamples += samples;
            }

            double mix = totalBytes / (double)totalSamples;
            output.WriteLine($"n={n,5} mix of the four                  {mix:F3} B/sample (head chunks {totalHead / (double)totalSamples:F3}, Gorilla XOR chunks {totalGorilla / (double)totalSamples:F3})");
            Assert.True(mix <= 1.0, $"mix {mix:F3} B/sample at n={n}");
            Assert.True(totalBytes < totalGorilla / 2, "the block codec should at least halve Gorilla's size");
            Assert.True(totalBytes < totalHead, "the block codec should beat the head's (decimal-aware) chunks");
        }
    }

    [Fact]
    public void Encodes_and_decodes_a_100k_segment_quickly()
    {
        var rng = new Random(21);
        const int N = 100_000;
        Sample[] s = SeriesGenerator.Plain(SeriesGenerator.Timestamps(rng, N), SeriesGenerator.NoisyGauge(rng, N));
        SeriesBlockCodec.Encode(s); // warm-up
        var sw = Stopwatch.StartNew();
        byte[] data = SeriesBlockCodec.Encode(s);
        double encode = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        Sample[] back = SeriesBlockCodec.Decode(data);
        double decode = sw.Elapsed.TotalMilliseconds;
        output.WriteLine($"100k noisy-gauge samples: encode {encode:F1} ms, decode {decode:F1} ms, {data.Length / (double)N:F3} B/sample");
        SampleAssert.BitEqual(s, back);
    }

    private static long[] RandomTimestamps(Random rng, int n)
    {
        var ts = new long[n];
        long t = rng.NextInt64(-1_000_000_000, 2_000_000_000_000);
        for (int i = 0; i < n; i++)
        {
            t += rng.Next(4) == 0 ? 0 : rng.Next(0, 5_000_000);
            ts[i] = t;
        }

        return ts;
    }

    private static long ChunkBytes(Sample[] samples, Func<HeadChunk> make)
    {
        long bytes = 0;
        var chunk = make();
        foreach (var s in samples)
        {
            if (!chunk.TryAppend(s))
            {
                bytes += chunk.ByteLength;
                chunk = make();
                chunk.TryAppend(s);
            }
        }

        return bytes + chunk.ByteLength;
    }
}
