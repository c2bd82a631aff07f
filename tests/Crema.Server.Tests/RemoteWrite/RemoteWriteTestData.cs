using System.Text;
using Crema.Server.RemoteWrite;

namespace Crema.Server.Tests.RemoteWrite;

/// <summary>Builds series lists for the encoder, random or by hand.</summary>
internal static class RemoteWriteTestData
{
    public static (IReadOnlyList<(string Name, string Value)> Labels, IReadOnlyList<(long Timestamp, double Value)> Samples) Series(
        string metricName, params (long Timestamp, double Value)[] samples)
        => ([("__name__", metricName), ("shop", "main")], samples);

    public static (IReadOnlyList<(string Name, string Value)> Labels, IReadOnlyList<(long Timestamp, double Value)> Samples) Series(
        IReadOnlyList<(string Name, string Value)> labels, params (long Timestamp, double Value)[] samples)
        => (labels, samples);

    /// <summary>Random series: varied label counts and Unicode values, irregular and negative timestamps, NaN payloads and infinities.</summary>
    public static List<(IReadOnlyList<(string Name, string Value)> Labels, IReadOnlyList<(long Timestamp, double Value)> Samples)> RandomSeries(Random random, int count)
    {
        var list = new List<(IReadOnlyList<(string Name, string Value)>, IReadOnlyList<(long, double)>)>();
        for (var i = 0; i < count; i++)
        {
            var labels = new List<(string, string)> { ("__name__", "metric_" + random.Next(50)) };
            var labelCount = random.Next(0, 8);
            for (var j = 0; j < labelCount; j++)
            {
                labels.Add(("l" + j, RandomString(random)));
            }

            var samples = new List<(long, double)>();
            var sampleCount = random.Next(0, 40);
            var ts = random.NextInt64(-1_000_000, 2_000_000_000_000);
            for (var j = 0; j < sampleCount; j++)
            {
                ts += random.Next(1, 100_000);
                samples.Add((random.Next(20) == 0 ? random.NextInt64(long.MinValue, long.MaxValue) : ts, RandomValue(random)));
            }

            list.Add((labels, samples));
        }

        return list;
    }

    public static double RandomValue(Random random) => random.Next(10) switch
    {
        0 => BitConverter.UInt64BitsToDouble(0x7ff0000000000002UL),
        1 => BitConverter.UInt64BitsToDouble(0x7ff8000000000000UL | (ulong)random.NextInt64(1, 1L << 50)),
        2 => random.Next(2) == 0 ? double.PositiveInfinity : double.NegativeInfinity,
        3 => BitConverter.Int64BitsToDouble(random.NextInt64()),
        4 => 0.0,
        5 => -0.0,
        _ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-10, 12)),
    };

    private static string RandomString(Random random)
    {
        var sb = new StringBuilder();
        var length = random.Next(0, 30);
        for (var i = 0; i < length; i++)
        {
            sb.Append(random.Next(6) switch
            {
                0 => "é",
                1 => "☕",
                2 => "\U0001F600",
                _ => ((char)random.Next('a', 'z' + 1)).ToString(),
            });
        }

        return sb.ToString();
    }
}
