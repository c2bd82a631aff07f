namespace Crema.Storage.Engine;

/// <summary>
/// A bounded, least-recently-used cache of decoded plain block sections (timestamps and
/// values), so that repeated queries over the same series — a dashboard refreshing, an alarm
/// evaluating — aggregate without reading and decoding again. Blocks are immutable, so an
/// entry never goes stale; entries of retired blocks simply age out.
/// </summary>
internal sealed class DecodedSectionCache
{
    private readonly long _budgetBytes;
    private readonly Lock _lock = new();
    private readonly Dictionary<(BlockFile Block, long Offset), LinkedListNode<Entry>> _map = [];
    private readonly LinkedList<Entry> _lru = new();
    private long _usedBytes;
    private long _hits;
    private long _misses;

    public DecodedSectionCache(long budgetBytes) => _budgetBytes = budgetBytes;

    public long Hits => Interlocked.Read(ref _hits);
    public long Misses => Interlocked.Read(ref _misses);
    public long UsedBytes
    {
        get
        {
            lock (_lock) return _usedBytes;
        }
    }

    public bool TryGet(BlockFile block, long offset, out long[] timestamps, out double[] values)
    {
        lock (_lock)
        {
            if (_map.TryGetValue((block, offset), out var node))
            {
                _lru.Remove(node);
                _lru.AddFirst(node);
                timestamps = node.Value.Timestamps;
                values = node.Value.Values;
                _hits++;
                return true;
            }
            _misses++;
        }
        timestamps = [];
        values = [];
        return false;
    }

    /// <summary>Keeps a copy of a decoded section, evicting the least recently used entries beyond the budget.</summary>
    public void Add(BlockFile block, long offset, ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values)
    {
        var bytes = timestamps.Length * 16L + 64;
        if (_budgetBytes <= 0 || bytes > _budgetBytes / 4) return;
        var entry = new Entry((block, offset), timestamps.ToArray(), values.ToArray(), bytes);
        lock (_lock)
        {
            if (_map.ContainsKey(entry.Key)) return;
            _map[entry.Key] = _lru.AddFirst(entry);
            _usedBytes += bytes;
            while (_usedBytes > _budgetBytes && _lru.Last is { } last)
            {
                _lru.RemoveLast();
                _map.Remove(last.Value.Key);
                _usedBytes -= last.Value.Bytes;
            }
        }
    }

    private sealed record Entry((BlockFile Block, long Offset) Key, long[] Timestamps, double[] Values, long Bytes);
}
