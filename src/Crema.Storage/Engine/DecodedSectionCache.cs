namespace Crema.Storage.Engine;

/// <summary>
/// A bounded, least-recently-used cache of decoded plain block sections (timestamps and
/// values, and per-minute aggregates built on demand), so that repeated queries over the same
/// series — a dashboard refreshing, an alarm evaluating — aggregate without reading and
/// decoding again. Blocks are immutable, so an entry never goes stale: late samples land in the
/// head, and compaction or retention replaces whole blocks (whose entries are then dropped).
/// </summary>
internal sealed class DecodedSectionCache
{
    private readonly long _budgetBytes;
    private readonly Lock _lock = new();
    private readonly Dictionary<(BlockFile Block, long Offset), LinkedListNode<DecodedSection>> _map = [];
    private readonly LinkedList<DecodedSection> _lru = new();
    private long _usedBytes;
    private long _hits;
    private long _misses;
    private long _minuteBuilds;
    private long _folds;

    public DecodedSectionCache(long budgetBytes) => _budgetBytes = budgetBytes;

    public long Hits => Interlocked.Read(ref _hits);
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>How many times per-minute aggregates were built (tests check they are built once per section).</summary>
    public long MinuteBuilds => Interlocked.Read(ref _minuteBuilds);

    /// <summary>How many times minutes were folded into periods.</summary>
    public long Folds => Interlocked.Read(ref _folds);

    public long UsedBytes
    {
        get
        {
            lock (_lock) return _usedBytes;
        }
    }

    public int Count
    {
        get
        {
            lock (_lock) return _map.Count;
        }
    }

    public bool TryGet(BlockFile block, long offset, out DecodedSection section)
    {
        lock (_lock)
        {
            if (_map.TryGetValue((block, offset), out var node))
            {
                _lru.Remove(node);
                _lru.AddFirst(node);
                section = node.Value;
                _hits++;
                return true;
            }
            _misses++;
        }
        section = null!;
        return false;
    }

    /// <summary>Keeps a copy of a decoded section, evicting the least recently used entries beyond the budget.</summary>
    public void Add(BlockFile block, long offset, ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values)
    {
        var bytes = timestamps.Length * 16L + 64;
        if (_budgetBytes <= 0 || bytes > _budgetBytes / 4) return;
        var entry = new DecodedSection((block, offset), timestamps.ToArray(), values.ToArray());
        lock (_lock)
        {
            if (_map.ContainsKey(entry.Key)) return;
            _map[entry.Key] = _lru.AddFirst(entry);
            _usedBytes += entry.Bytes;
            EvictOverBudget();
        }
    }

    /// <summary>
    /// The section's per-minute aggregates, built on first use and charged to the budget while
    /// the section is cached. Concurrent callers may both build; the first to finish is kept
    /// (both results are equal: the section is immutable).
    /// </summary>
    public MinuteAggregates Minutes(DecodedSection section)
    {
        if (section.Minutes is { } known) return known;
        var built = MinuteAggregates.Build(section.Timestamps, section.Values);
        Interlocked.Increment(ref _minuteBuilds);
        lock (_lock)
        {
            if (section.Minutes is { } other) return other;
            section.Minutes = built;
            if (_map.TryGetValue(section.Key, out var node) && ReferenceEquals(node.Value, section))
            {
                section.Bytes += built.Bytes;
                _usedBytes += built.Bytes;
                EvictOverBudget();
            }
        }
        return built;
    }

    /// <summary>
    /// The section's minutes folded into periods of <paramref name="periodMs"/>, built on first
    /// use; a section keeps one period length (the last asked for), charged to the budget.
    /// </summary>
    public FoldedPeriods Fold(DecodedSection section, MinuteAggregates minutes, long periodMs)
    {
        if (section.Folded is { } known && known.PeriodMs == periodMs) return known;
        var built = FoldedPeriods.Build(minutes, periodMs);
        Interlocked.Increment(ref _folds);
        lock (_lock)
        {
            if (section.Folded is { } other && other.PeriodMs == periodMs) return other;
            var old = section.Folded;
            section.Folded = built;
            if (_map.TryGetValue(section.Key, out var node) && ReferenceEquals(node.Value, section))
            {
                var delta = built.Bytes - (old?.Bytes ?? 0);
                section.Bytes += delta;
                _usedBytes += delta;
                EvictOverBudget();
            }
        }
        return built;
    }

    /// <summary>Drops every entry of a block that compaction or retention has replaced (it can never be asked for again).</summary>
    public void Forget(BlockFile block)
    {
        lock (_lock)
        {
            for (var node = _lru.First; node is not null;)
            {
                var next = node.Next;
                if (ReferenceEquals(node.Value.Key.Block, block))
                {
                    _lru.Remove(node);
                    _map.Remove(node.Value.Key);
                    _usedBytes -= node.Value.Bytes;
                }
                node = next;
            }
        }
    }

    private void EvictOverBudget()
    {
        while (_usedBytes > _budgetBytes && _lru.Last is { } last)
        {
            _lru.RemoveLast();
            _map.Remove(last.Value.Key);
            _usedBytes -= last.Value.Bytes;
        }
    }
}
