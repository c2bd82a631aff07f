using Crema.Client.Contracts;

namespace Crema.Server.Tests.TestSupport;

/// <summary>Random datums for one series (seeded), recorded in a <see cref="NaiveSeries"/> as they are made.</summary>
public static class RandomMetricData
{
    /// <summary>
    /// <paramref name="count"/> datums at random millisecond instants of [start, start + span): single values,
    /// values with integer counts, and, when <paramref name="withSets"/>, statistic sets. Values are multiples
    /// of 1/8 so every sum is exact in binary floating point and the server's sums must match to the last bit.
    /// </summary>
    public static List<MetricDatumDto> Generate(Random rng, string metricName, IReadOnlyList<DimensionDto> dimensions,
        DateTimeOffset start, TimeSpan span, int count, bool withSets, NaiveSeries model, int storageResolution = 60)
    {
        var list = new List<MetricDatumDto>(count);
        for (var i = 0; i < count; i++)
        {
            var at = start.AddMilliseconds(rng.NextInt64(0, (long)span.TotalMilliseconds));
            var shape = rng.Next(withSets ? 3 : 2);
            var datum = new MetricDatumDto
            {
                MetricName = metricName,
                Dimensions = dimensions,
                Timestamp = at,
                Unit = "Seconds",
                StorageResolution = storageResolution,
            };
            switch (shape)
            {
                case 0:
                {
                    var v = NextValue(rng);
                    model.AddValue(at, v);
                    list.Add(datum with { Value = v });
                    break;
                }
                case 1:
                {
                    var n = rng.Next(1, 6);
                    var values = new double[n];
                    var counts = new double[n];
                    for (var j = 0; j < n; j++)
                    {
                        values[j] = NextValue(rng);
                        counts[j] = rng.Next(1, 4);
                        model.AddValue(at, values[j], (int)counts[j]);
                    }
                    list.Add(datum with { Values = values, Counts = counts });
                    break;
                }
                default:
                {
                    double a = NextValue(rng), b = NextValue(rng);
                    double min = Math.Min(a, b), max = Math.Max(a, b);
                    var n = rng.Next(2, 20);
                    // A sum consistent with n values between min and max, still a multiple of 1/8.
                    var sum = min + max + (n - 2) * Math.Round((min + max) / 2 * 8) / 8;
                    model.AddSet(at, n, sum, min, max);
                    list.Add(datum with { StatisticValues = new StatisticSetDto(n, sum, min, max) });
                    break;
                }
            }
        }
        return list;
    }

    /// <summary>A positive multiple of 1/8 below 5000.</summary>
    public static double NextValue(Random rng) => rng.Next(1, 40_000) / 8.0;
}
