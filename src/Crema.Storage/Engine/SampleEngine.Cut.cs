using Crema.Core.Metrics;
using Crema.Storage.Encoding;
using Microsoft.Extensions.Logging;

namespace Crema.Storage.Engine;

public sealed partial class SampleEngine
{
    /// <summary>
    /// Cuts the head into a block when it is big or old enough (or always, with
    /// <paramref name="force"/>): freezes it, writes it as a raw block, then drops it and
    /// the WAL segments it came from. Returns the number of samples cut.
    /// </summary>
    public async Task<long> CutHeadAsync(bool force, CancellationToken ct)
    {
        await _maintenanceLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // A cut whose block write failed is still frozen, and its WAL segments are still on
            // disk: finish it before cutting again, or the next cut would drop its segments.
            if (_state.Cutting is { } stuck)
            {
                await FinishCutAsync(stuck, _state.Head.FirstWalSegment, ct).ConfigureAwait(false);
            }
            var head = _state.Head;
            if (head.SampleCount == 0) return 0;
            var ageMs = _time.GetUtcNow().ToUnixTimeMilliseconds() - head.CreatedAtMs;
            if (!force && head.SampleCount < _options.HeadMaxSamples && ageMs < _options.HeadMaxAge.TotalMilliseconds) return 0;

            int walBefore;
            await _gate.AcquireExclusiveAsync().ConfigureAwait(false);
            try
            {
                walBefore = _wal.RotateSegment();
                var next = new HeadGeneration(head.Number + 1, walBefore, _time.GetUtcNow().ToUnixTimeMilliseconds());
                lock (_stateLock) _state = _state with { Head = next, Cutting = head };
            }
            finally
            {
                _gate.Release();
            }

            await FinishCutAsync(head, walBefore, ct).ConfigureAwait(false);
            return head.SampleCount;
        }
        finally
        {
            _maintenanceLock.Release();
        }
    }

    /// <summary>Writes a frozen generation as a block, then drops it and the WAL segments below <paramref name="walBefore"/>.</summary>
    private async Task FinishCutAsync(HeadGeneration head, int walBefore, CancellationToken ct)
    {
        var seq = Interlocked.Increment(ref _nextBlockSeq) - 1;
        var started = _time.GetTimestamp();
        var block = await Task.Run(() => WriteHeadBlock(head, seq, walBefore), ct).ConfigureAwait(false);
        lock (_stateLock)
        {
            var st = _state;
            _state = st with { Cutting = null, Raw = block is null ? st.Raw : st.Raw.Add(block) };
        }
        _wal.DeleteSegmentsBefore(walBefore);
        EngineMetrics.HeadCuts.Add(1);
        EngineLog.Cut(_log, seq, head.SampleCount, head.Series.Count, _time.GetElapsedTime(started).TotalMilliseconds);
    }

    private BlockFile? WriteHeadBlock(HeadGeneration head, long seq, int walBefore)
    {
        var keys = head.Series.Keys.ToArray();
        Array.Sort(keys);
        var samples = new List<Sample>(1024);
        using var writer = new BlockFile.Writer(_blockDir, BlockTier.Raw, seq, walBefore, _time.GetUtcNow().ToUnixTimeMilliseconds(), level: 0);
        foreach (var key in keys)
        {
            var sh = head.Series[key];
            samples.Clear();
            if (sh.Collect(long.MinValue, long.MaxValue, samples)) SortByTime(samples);
            if (samples.Count == 0) continue;
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(samples);
            var section = SeriesBlockCodec.Encode(span, fast: true);
            writer.Add(key, sh.Resolution, span[0].TimestampMs, span[^1].TimestampMs, span.Length, section);
        }
        if (writer.SeriesCount == 0) return null;
        return BlockFile.Open(writer.Commit());
    }

    /// <summary>Stable sort by timestamp (several observations may share a millisecond).</summary>
    internal static void SortByTime(List<Sample> samples)
    {
        var arr = samples.ToArray();
        var keys = new long[arr.Length];
        var order = new int[arr.Length];
        for (var i = 0; i < arr.Length; i++)
        {
            keys[i] = arr[i].TimestampMs;
            order[i] = i;
        }
        // Sorting (timestamp, original index) pairs keeps equal timestamps in arrival order.
        Array.Sort(order, (a, b) =>
        {
            var c = keys[a].CompareTo(keys[b]);
            return c != 0 ? c : a.CompareTo(b);
        });
        for (var i = 0; i < arr.Length; i++) samples[i] = arr[order[i]];
    }
}
