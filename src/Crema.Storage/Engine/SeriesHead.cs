using Crema.Core.Metrics;
using Crema.Storage.Encoding;

namespace Crema.Storage.Engine;

/// <summary>
/// The recent samples of one series in one head generation: sealed compressed chunks, the
/// open chunk being appended to, and a buffer for out-of-order samples (older than the
/// newest one), which are kept, not dropped. One lock per series: appends to different
/// series never contend.
/// </summary>
internal sealed class SeriesHead
{
    private readonly object _lock = new();
    private readonly List<SealedChunk> _sealed = [];
    private HeadChunk? _open;
    private List<Sample>? _outOfOrder;
    private long _lastTime = long.MinValue;
    private int _lastChunkBytes;
    private int _lastExponent;

    public SeriesHead(SeriesKey key, int resolution)
    {
        Key = key;
        Resolution = resolution;
    }

    public SeriesKey Key { get; }
    public int Resolution { get; }
    public long MinTime { get; private set; } = long.MaxValue;
    public long MaxTime { get; private set; } = long.MinValue;
    public int Count { get; private set; }

    /// <summary>Appends samples (any order); returns how many were added.</summary>
    public int Append(ReadOnlySpan<Sample> samples)
    {
        lock (_lock)
        {
            foreach (ref readonly var s in samples)
            {
                if (s.TimestampMs >= _lastTime)
                {
                    _open ??= new HeadChunk(_lastChunkBytes, _lastExponent);
                    if (!_open.TryAppend(s))
                    {
                        Seal();
                        _open = new HeadChunk(_lastChunkBytes, _lastExponent);
                        if (!_open.TryAppend(s)) throw new InvalidOperationException("a fresh chunk refused a sample");
                    }
                    _lastTime = s.TimestampMs;
                }
                else
                {
                    (_outOfOrder ??= []).Add(s);
                }
                if (s.TimestampMs < MinTime) MinTime = s.TimestampMs;
                if (s.TimestampMs > MaxTime) MaxTime = s.TimestampMs;
            }
            Count += samples.Length;
            return samples.Length;
        }
    }

    private void Seal()
    {
        if (_open is null || _open.Count == 0) return;
        _lastChunkBytes = _open.ByteLength;
        if (_open.DecimalExponent >= 0) _lastExponent = _open.DecimalExponent;
        _sealed.Add(new SealedChunk(_open.Seal(), _open.Count, _open.MinTime, _open.MaxTime));
        _open = null;
    }

    /// <summary>Adds the samples in [start, end) to <paramref name="into"/>; returns true when they may be out of order.</summary>
    public bool Collect(long startMs, long endMs, List<Sample> into)
    {
        lock (_lock)
        {
            if (Count == 0 || MaxTime < startMs || MinTime >= endMs) return false;
            foreach (var c in _sealed)
            {
                if (c.MaxTime < startMs || c.MinTime >= endMs) continue;
                AddRange(HeadChunk.Iterate(c.Bytes), startMs, endMs, into);
            }
            if (_open is { Count: > 0 } && _open.MaxTime >= startMs && _open.MinTime < endMs)
                AddRange(_open.Snapshot().Iterate(), startMs, endMs, into);
            var unordered = false;
            if (_outOfOrder is not null)
            {
                foreach (var s in _outOfOrder)
                {
                    if (s.TimestampMs >= startMs && s.TimestampMs < endMs)
                    {
                        into.Add(s);
                        unordered = true;
                    }
                }
            }
            return unordered;
        }
    }

    private static void AddRange(ChunkIterator it, long startMs, long endMs, List<Sample> into)
    {
        while (it.MoveNext(out var s))
        {
            if (s.TimestampMs >= startMs && s.TimestampMs < endMs) into.Add(s);
        }
    }

    private readonly record struct SealedChunk(byte[] Bytes, int Count, long MinTime, long MaxTime);
}
