using Crema.Client.Contracts;

namespace Crema.Simulator.Metrics;

/// <summary>Splits datums into PutMetricData requests within the API's limits (datums per request and body size).</summary>
public static class MetricBatcher
{
    /// <summary>Appends requests holding <paramref name="datums"/> in order to <paramref name="into"/>; each has at most
    /// <paramref name="maxDatums"/> datums and an estimated JSON body of at most <paramref name="maxBytes"/>.</summary>
    public static void Split(string ns, IReadOnlyList<MetricDatumDto> datums, int maxDatums, int maxBytes, List<PutMetricDataRequest> into)
    {
        ArgumentNullException.ThrowIfNull(datums);
        ArgumentNullException.ThrowIfNull(into);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDatums, 1);
        var envelope = 64 + ns.Length;
        var batch = new List<MetricDatumDto>(Math.Min(maxDatums, datums.Count));
        var bytes = envelope;
        foreach (var d in datums)
        {
            var size = EstimateJsonBytes(d);
            if (batch.Count > 0 && (batch.Count >= maxDatums || bytes + size > maxBytes))
            {
                into.Add(new PutMetricDataRequest { Namespace = ns, MetricData = batch });
                batch = new List<MetricDatumDto>(maxDatums);
                bytes = envelope;
            }
            batch.Add(d);
            bytes += size;
        }
        if (batch.Count > 0) into.Add(new PutMetricDataRequest { Namespace = ns, MetricData = batch });
    }

    /// <summary>An upper bound of the datum's size in Crema's JSON (6 bytes per name character: a \uXXXX escape is the worst case).</summary>
    public static int EstimateJsonBytes(MetricDatumDto d)
    {
        ArgumentNullException.ThrowIfNull(d);
        // Property names, punctuation, a 24-character timestamp and the resolution.
        var n = 160;
        n += 6 * (d.MetricName?.Length ?? 0);
        n += 6 * (d.Unit?.Length ?? 0);
        if (d.Dimensions is { } dims)
            foreach (var dim in dims) n += 32 + 6 * ((dim.Name?.Length ?? 0) + (dim.Value?.Length ?? 0));
        // A double prints in at most 24 characters, plus a comma.
        if (d.Value.HasValue) n += 25;
        if (d.Values is { } values) n += 25 * values.Count;
        if (d.Counts is { } counts) n += 25 * counts.Count;
        if (d.StatisticValues is not null) n += 4 * 25 + 60;
        return n;
    }
}
