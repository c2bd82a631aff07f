namespace Crema.Core.Tests.Statistics;

/// <summary>Seeded value generators and a naive lower-rank quantile for sketch tests.</summary>
internal static class SketchTestData
{
    public static readonly double[] Quantiles = [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1];

    public static double[] Generate(string distribution, int n, int seed)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = distribution switch
            {
                "uniform" => random.NextDouble() * 1000,
                "lognormal" => Math.Exp(Gaussian(random) * 2),
                "negative" => -Math.Exp(Gaussian(random) * 2),
                "mixed" => random.Next(10) switch
                {
                    0 => 0,
                    < 5 => -Math.Exp(Gaussian(random) * 3),
                    _ => Math.Exp(Gaussian(random) * 3),
                },
                "duplicates" => random.Next(6) switch
                {
                    0 => 1.5,
                    1 => 2,
                    2 => -7,
                    3 => 0,
                    4 => 1000,
                    _ => 2.0001,
                },
                "tiny" => Math.Pow(10, -9 + 8 * random.NextDouble()),     // 1e-9 .. 1e-1
                "huge" => Math.Pow(10, 4 + 8 * random.NextDouble()),      // 1e4 .. 1e12
                "latency" => 0.001 + random.NextDouble() * random.NextDouble() * 30,
                _ => throw new ArgumentOutOfRangeException(nameof(distribution)),
            };
        }
        return values;
    }

    /// <summary>The sample at index ⌊q·(n−1)⌋ of the sorted values: the sketch's definition.</summary>
    public static double LowerRank(double[] sorted, double q) => sorted[(int)Math.Floor(q * (sorted.Length - 1))];

    public static byte[] Serialize(Crema.Core.Statistics.QuantileSketch sketch)
    {
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        sketch.WriteTo(writer);
        return writer.WrittenSpan.ToArray();
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
