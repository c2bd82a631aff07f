namespace Crema.Server.Live;

/// <summary>A metric that received samples: its namespace and name (dimensions are left out: the console re-queries widgets by metric).</summary>
public readonly record struct LiveMetric(string Namespace, string MetricName) : IComparable<LiveMetric>
{
    public int CompareTo(LiveMetric other)
    {
        var c = string.CompareOrdinal(Namespace, other.Namespace);
        return c != 0 ? c : string.CompareOrdinal(MetricName, other.MetricName);
    }
}
