namespace Crema.Server.Tests.RemoteWrite;

/// <summary>The benchmark workload: series labelled <c>__name__</c> and <c>shop</c>, samples a second apart.</summary>
internal static class PerformanceWorkload
{
    public static List<(IReadOnlyList<(string Name, string Value)> Labels, IReadOnlyList<(long Timestamp, double Value)> Samples)> Build(
        int seriesCount, int samplesPerSeries, long startMs)
    {
        var random = new Random(12345);
        var list = new List<(IReadOnlyList<(string Name, string Value)>, IReadOnlyList<(long, double)>)>(seriesCount);
        for (var i = 0; i < seriesCount; i++)
        {
            var labels = new (string, string)[] { ("__name__", "coffees_sold_total_" + (i % 10)), ("shop", "shop-" + (i / 10)) };
            var samples = new (long, double)[samplesPerSeries];
            var value = (double)random.Next(1000);
            for (var j = 0; j < samplesPerSeries; j++)
            {
                value += random.Next(5);
                samples[j] = (startMs + (j * 1000L), value);
            }

            list.Add((labels, samples));
        }

        return list;
    }
}
