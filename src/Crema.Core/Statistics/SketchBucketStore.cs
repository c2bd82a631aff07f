namespace Crema.Core.Statistics;

/// <summary>
/// Dense counts for a contiguous range of logarithmic bucket keys, grown on demand and capped
/// at <see cref="MaxBuckets"/>: when the keys would span more, the lowest buckets are folded
/// into the lowest kept one (as DDSketch's "collapsing lowest" store does).
/// </summary>
/// <remarks>
/// A mutable struct kept in a field of <see cref="QuantileSketch"/> so a sketch is one object
/// plus at most two small arrays. Invariant when non-empty: the buckets at <c>_minKey</c> and
/// <c>_maxKey</c> hold positive counts, every other key outside that range holds zero, and
/// <c>_maxKey - _minKey &lt; MaxBuckets</c>. The final state depends only on the multiset of
/// keys added (folding only ever moves counts up to the lowest kept key), so adding in any
/// order or merging gives the same buckets.
/// </remarks>
internal struct SketchBucketStore
{
    /// <summary>Most buckets a store keeps; older extremes collapse into the lowest bucket.</summary>
    public const int MaxBuckets = 2048;

    private const int InitialLength = 8;

    private double[]? _counts;
    private int _offset;     // key of _counts[0]
    private int _minKey;
    private int _maxKey;
    private bool _hasData;

    public readonly bool IsEmpty => !_hasData;

    public readonly int MinKey => _minKey;

    public readonly int MaxKey => _maxKey;

    /// <summary>The counts of keys MinKey..MaxKey (empty when the store is).</summary>
    public readonly ReadOnlySpan<double> Counts =>
        _hasData ? _counts.AsSpan(_minKey - _offset, _maxKey - _minKey + 1) : default;

    /// <summary>Allocated bucket slots, for memory accounting.</summary>
    public readonly int Capacity => _counts?.Length ?? 0;

    public void Add(int key, double weight)
    {
        if (!_hasData)
        {
            Start(key, key);
        }
        else if (key < _minKey)
        {
            var lowest = _maxKey - MaxBuckets + 1;
            if (key < lowest) key = lowest;
            if (key < _minKey)
            {
                EnsureCovers(key, _maxKey);
                _minKey = key;
            }
        }
        else if (key > _maxKey)
        {
            var lowest = key - MaxBuckets + 1;
            if (lowest > _minKey) CollapseBelow(lowest, key);
            else EnsureCovers(_minKey, key);
            _maxKey = key;
        }
        _counts![key - _offset] += weight;
    }

    public void Merge(SketchBucketStore other)
    {
        if (!other._hasData) return;
        var otherCounts = other._counts!;
        int otherMin = other._minKey, otherMax = other._maxKey, otherOffset = other._offset;
        var newMax = _hasData ? Math.Max(_maxKey, otherMax) : otherMax;
        var lowest = newMax - MaxBuckets + 1;
        var otherLow = Math.Max(otherMin, lowest);
        if (!_hasData)
        {
            Start(otherLow, newMax);
        }
        else
        {
            if (lowest > _minKey) CollapseBelow(lowest, newMax);
            var newMin = Math.Min(_minKey, otherLow);
            EnsureCovers(newMin, newMax);
            _minKey = newMin;
            _maxKey = newMax;
        }
        var counts = _counts!;
        for (var k = otherMin; k <= otherMax; k++)
        {
            var c = otherCounts[k - otherOffset];
            if (c != 0) counts[Math.Max(k, lowest) - _offset] += c;
        }
    }

    /// <summary>Replaces the contents with counts for keys minKey.. (used by deserialisation).</summary>
    public void Load(int minKey, double[] counts)
    {
        _counts = counts;
        _offset = minKey;
        _minKey = minKey;
        _maxKey = minKey + counts.Length - 1;
        _hasData = true;
    }

    /// <summary>Empties the store, keeping its array for reuse.</summary>
    public void Clear()
    {
        if (_counts is not null) Array.Clear(_counts);
        _hasData = false;
    }

    /// <summary>
    /// Adds bucket counts in ascending key order to <paramref name="cumulative"/> and stops at the
    /// first bucket where it exceeds <paramref name="rank"/>.
    /// </summary>
    public readonly bool TryFindRank(ref double cumulative, double rank, out int key)
    {
        if (_hasData)
        {
            var counts = _counts!;
            for (var k = _minKey; k <= _maxKey; k++)
            {
                cumulative += counts[k - _offset];
                if (cumulative > rank)
                {
                    key = k;
                    return true;
                }
            }
        }
        key = 0;
        return false;
    }

    private void Start(int minKey, int maxKey)
    {
        var needed = maxKey - minKey + 1;
        if (_counts is null || _counts.Length < needed)
        {
            _counts = new double[Math.Max(InitialLength, RoundUp8(needed))];
        }
        // Centre the range so the first few neighbours on either side need no reallocation.
        _offset = minKey - (_counts.Length - needed) / 2;
        _minKey = minKey;
        _maxKey = maxKey;
        _hasData = true;
    }

    /// <summary>Folds every count below <paramref name="lowest"/> into the bucket at <paramref name="lowest"/>.</summary>
    private void CollapseBelow(int lowest, int high)
    {
        var counts = _counts!;
        double folded = 0;
        var upto = Math.Min(_maxKey, lowest - 1);
        for (var k = _minKey; k <= upto; k++)
        {
            ref var c = ref counts[k - _offset];
            folded += c;
            c = 0;
        }
        _minKey = lowest;
        if (_maxKey < lowest) _maxKey = lowest;
        EnsureCovers(lowest, Math.Max(high, _maxKey));
        _counts![lowest - _offset] += folded;
    }

    /// <summary>
    /// Makes the array cover keys lo..hi (hi - lo &lt; MaxBuckets). Every non-zero count must
    /// already lie inside lo..hi: only that part of the old array is carried over.
    /// </summary>
    private void EnsureCovers(int lo, int hi)
    {
        var counts = _counts!;
        var length = counts.Length;
        if (lo >= _offset && hi - _offset < length) return;
        var needed = hi - lo + 1;
        var newLength = length;
        if (needed > length)
        {
            newLength = Math.Min(MaxBuckets, RoundUp8(Math.Max(needed, length + (length >> 1))));
        }
        var newOffset = lo - (newLength - needed) / 2;
        // Carry over the overlap of the old and the new key windows.
        var from = Math.Max(_offset, newOffset);
        var to = Math.Min(_offset + length, newOffset + newLength);
        if (newLength == length)
        {
            if (to > from)
            {
                Array.Copy(counts, from - _offset, counts, from - newOffset, to - from);
                counts.AsSpan(0, from - newOffset).Clear();
                counts.AsSpan(to - newOffset).Clear();
            }
            else
            {
                Array.Clear(counts);
            }
        }
        else
        {
            var grown = new double[newLength];
            if (to > from) Array.Copy(counts, from - _offset, grown, from - newOffset, to - from);
            _counts = grown;
        }
        _offset = newOffset;
    }

    private static int RoundUp8(int n) => (n + 7) & ~7;
}
