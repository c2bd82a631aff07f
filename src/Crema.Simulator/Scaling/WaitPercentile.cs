using Crema.Client.Contracts;
using Crema.Simulator.Metrics;

namespace Crema.Simulator.Scaling;

/// <summary>Exact nearest-rank percentiles of the OrderWait values (with counts) a shop emitted.</summary>
public static class WaitPercentile
{
    /// <summary>Appends every OrderWait value of <paramref name="shop"/> with timestamp in [<paramref name="from"/>, <paramref name="to"/>), each repeated by its count.</summary>
    public static void Collect(IReadOnlyList<MetricDatumDto> datums, string shop, DateTimeOffset from, DateTimeOffset to, List<double> into)
    {
        ArgumentNullException.ThrowIfNull(datums);
        ArgumentNullException.ThrowIfNull(into);
        foreach (var d in datums)
        {
            if (d.MetricName != MetricNames.OrderWait || d.Timestamp is not { } ts || ts < from || ts >= to) continue;
            if (d.Dimensions is not { Count: 1 } dims || dims[0].Value != shop) continue;
            if (d.Value is { } v) into.Add(v);
            if (d.Values is not { } values) continue;
            for (var i = 0; i < values.Count; i++)
            {
                var count = d.Counts is { } c ? (int)c[i] : 1;
                for (var k = 0; k < count; k++) into.Add(values[i]);
            }
        }
    }

    /// <summary>The nearest-rank <paramref name="percentile"/> of <paramref name="values"/> (sorted in place); null when empty.</summary>
    public static double? Of(List<double> values, double percentile)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) return null;
        values.Sort();
        var rank = (int)Math.Ceiling(percentile / 100 * values.Count);
        return values[Math.Clamp(rank, 1, values.Count) - 1];
    }
}
