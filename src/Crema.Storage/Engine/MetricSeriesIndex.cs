namespace Crema.Storage.Engine;

/// <summary>
/// The catalogued series of one metric (namespace and metric name), kept sorted by key on
/// demand: a wildcard query over one metric of a large catalog reads only that metric's series,
/// already in the order <see cref="ISampleStore.FindSeries"/> returns, instead of scanning and
/// sorting the whole catalog. The catalog only grows, so the index only grows.
/// </summary>
internal sealed class MetricSeriesIndex
{
    private readonly Lock _lock = new();
    private readonly List<SeriesCatalogEntry> _entries = [];
    private SeriesCatalogEntry[]? _sorted;

    public void Add(SeriesCatalogEntry entry)
    {
        lock (_lock)
        {
            _entries.Add(entry);
            _sorted = null;
        }
    }

    /// <summary>The entries sorted by key; rebuilt only after a series was added.</summary>
    public SeriesCatalogEntry[] Sorted()
    {
        var sorted = Volatile.Read(ref _sorted);
        if (sorted is not null) return sorted;
        lock (_lock)
        {
            if (_sorted is not null) return _sorted;
            sorted = _entries.ToArray();
            Array.Sort(sorted, static (a, b) => a.Key.CompareTo(b.Key));
            Volatile.Write(ref _sorted, sorted);
            return sorted;
        }
    }
}
