using System.Runtime.CompilerServices;
using Crema.Core.Metrics;

namespace Crema.Server.RemoteWrite;

/// <summary>
/// The <see cref="SeriesKey"/> of each label set a pooled batch has seen: a sender repeats the
/// same series in every request, so after the first request a series costs a hash over its
/// label string references and a compare instead of a key, its dimension array and their
/// sorting. Label strings come from the batch's <see cref="LabelStringCache"/>, so the same
/// label bytes give the same string instance while that cache remembers them; a string made
/// anew only costs one miss here. An open-addressing table that grows from a small one as series
/// arrive and starts over empty when it holds <c>capacity</c> keys, so memory follows the sender's
/// working set and stays bounded when series churn. Not thread-safe: one per batch.
/// </summary>
internal sealed class SeriesKeyCache
{
    private readonly int _capacity;
    private readonly int _maxSize;
    private Entry[] _entries;
    private int _mask;
    private int _count;

    public SeriesKeyCache(int capacity)
    {
        _capacity = Math.Max(capacity, 16);
        (_maxSize, var size) = ProbingTable.Sizes(_capacity);
        _entries = new Entry[size];
        _mask = size - 1;
    }

    /// <summary>Keys made because the label set was not in the cache (for tests).</summary>
    public long Misses { get; private set; }

    /// <summary>
    /// The key of a validated, normalised label set (sorted by name, one <c>__name__</c>, no empty
    /// values) in namespace <paramref name="ns"/>.
    /// </summary>
    public SeriesKey Get(string ns, ReadOnlySpan<RemoteLabel> labels)
    {
        var hash = Hash(ns, labels);
        var i = hash & _mask;
        while (true)
        {
            ref var e = ref _entries[i];
            if (e.Key is null) break;
            if (e.Hash == hash && Same(e, ns, labels)) return e.Key;
            i = (i + 1) & _mask;
        }

        Misses++;
        var key = Make(ns, labels);
        if (_count >= _capacity)
        {
            Array.Clear(_entries);
            _count = 0;
        }
        else if (ProbingTable.ShouldGrow(_count, _entries.Length, _maxSize))
        {
            _entries = ProbingTable.Doubled(_entries, static e => e.Key is null, static e => e.Hash);
            _mask = _entries.Length - 1;
        }
        i = hash & _mask;
        while (_entries[i].Key is not null) i = (i + 1) & _mask;
        _entries[i] = new Entry(hash, ns, labels.ToArray(), key);
        _count++;
        return key;
    }

    private static SeriesKey Make(string ns, ReadOnlySpan<RemoteLabel> labels)
    {
        var dims = new Dimension[Math.Max(labels.Length - 1, 0)];
        var d = 0;
        var name = "";
        foreach (var l in labels)
        {
            if (string.Equals(l.Name, RemoteWriteValidator.MetricNameLabel, StringComparison.Ordinal)) name = l.Value;
            else if (d < dims.Length) dims[d++] = new Dimension(l.Name, l.Value);
        }
        return new SeriesKey(ns, name, d == dims.Length ? dims : dims[..d]);
    }

    private static int Hash(string ns, ReadOnlySpan<RemoteLabel> labels)
    {
        var h = new HashCode();
        h.Add(ns.Length);
        h.Add(labels.Length);
        foreach (var l in labels)
        {
            h.Add(RuntimeHelpers.GetHashCode(l.Name));
            h.Add(RuntimeHelpers.GetHashCode(l.Value));
        }
        return h.ToHashCode() & int.MaxValue;
    }

    private static bool Same(in Entry e, string ns, ReadOnlySpan<RemoteLabel> labels)
    {
        if (e.Labels.Length != labels.Length || !string.Equals(e.Namespace, ns, StringComparison.Ordinal)) return false;
        for (var k = 0; k < labels.Length; k++)
        {
            if (!ReferenceEquals(e.Labels[k].Name, labels[k].Name) || !ReferenceEquals(e.Labels[k].Value, labels[k].Value)) return false;
        }
        return true;
    }

    private readonly record struct Entry(int Hash, string Namespace, RemoteLabel[] Labels, SeriesKey Key);
}
