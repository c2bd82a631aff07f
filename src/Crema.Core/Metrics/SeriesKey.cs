using System.Text;

namespace Crema.Core.Metrics;

/// <summary>
/// The identity of one series: namespace, metric name and dimensions sorted by name (ordinal).
/// The hash is computed once, because keys are looked up on every write.
/// </summary>
public sealed class SeriesKey : IEquatable<SeriesKey>, IComparable<SeriesKey>
{
    private readonly int _hash;

    /// <summary>Creates a key; dimensions are copied and sorted by name.</summary>
    public SeriesKey(string @namespace, string metricName, IReadOnlyList<Dimension>? dimensions = null)
    {
        Namespace = @namespace;
        MetricName = metricName;
        if (dimensions is null || dimensions.Count == 0)
        {
            Dimensions = [];
        }
        else
        {
            var copy = new Dimension[dimensions.Count];
            for (var i = 0; i < copy.Length; i++) copy[i] = dimensions[i];
            Array.Sort(copy, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            Dimensions = copy;
        }

        var h = new HashCode();
        h.Add(Namespace, StringComparer.Ordinal);
        h.Add(MetricName, StringComparer.Ordinal);
        foreach (var d in Dimensions)
        {
            h.Add(d.Name, StringComparer.Ordinal);
            h.Add(d.Value, StringComparer.Ordinal);
        }
        _hash = h.ToHashCode();
    }

    public string Namespace { get; }
    public string MetricName { get; }

    /// <summary>Dimensions sorted by name.</summary>
    public IReadOnlyList<Dimension> Dimensions { get; }

    /// <summary>The value of the named dimension, or null.</summary>
    public string? this[string dimensionName]
    {
        get
        {
            foreach (var d in Dimensions)
                if (string.Equals(d.Name, dimensionName, StringComparison.Ordinal)) return d.Value;
            return null;
        }
    }

    public bool Equals(SeriesKey? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other._hash != _hash || other.Dimensions.Count != Dimensions.Count) return false;
        if (!string.Equals(Namespace, other.Namespace, StringComparison.Ordinal)
            || !string.Equals(MetricName, other.MetricName, StringComparison.Ordinal)) return false;
        for (var i = 0; i < Dimensions.Count; i++)
        {
            if (!string.Equals(Dimensions[i].Name, other.Dimensions[i].Name, StringComparison.Ordinal)
                || !string.Equals(Dimensions[i].Value, other.Dimensions[i].Value, StringComparison.Ordinal)) return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as SeriesKey);
    public override int GetHashCode() => _hash;

    public int CompareTo(SeriesKey? other)
    {
        if (other is null) return 1;
        var c = string.CompareOrdinal(Namespace, other.Namespace);
        if (c != 0) return c;
        c = string.CompareOrdinal(MetricName, other.MetricName);
        if (c != 0) return c;
        var n = Math.Min(Dimensions.Count, other.Dimensions.Count);
        for (var i = 0; i < n; i++)
        {
            c = string.CompareOrdinal(Dimensions[i].Name, other.Dimensions[i].Name);
            if (c != 0) return c;
            c = string.CompareOrdinal(Dimensions[i].Value, other.Dimensions[i].Value);
            if (c != 0) return c;
        }
        return Dimensions.Count.CompareTo(other.Dimensions.Count);
    }

    /// <summary>Human form: <c>Namespace/MetricName{Name=Value,...}</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(Namespace).Append('/').Append(MetricName);
        if (Dimensions.Count > 0)
        {
            sb.Append('{');
            for (var i = 0; i < Dimensions.Count; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append(Dimensions[i].Name).Append('=').Append(Dimensions[i].Value);
            }
            sb.Append('}');
        }
        return sb.ToString();
    }
}
