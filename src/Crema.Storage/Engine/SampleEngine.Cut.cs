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

    /// <summary>Writes a frozen generation as a block (with its rollups), then drops it and the WAL segments below <paramref name="walBefore"/>.</summary>
    private async Task FinishCutAsync(HeadGeneration head, int walBefore, CancellationToken ct)
    {
        var seq = Interlocked.Increment(ref _nextBlockSeq) - 1;
        var started = _time.GetTimestamp();
        var cut = await Task.Run(() => WriteCut(head, seq, walBefore), ct).ConfigureAwait(false);
        lock (_stateLock)
        {
            var st = _state;
            // One swap: a query sees the head generation or its block and rollups, never both or neither.
            _state = st with
            {
                Cutting = null,
                Raw = cut.Raw is null ? st.Raw : st.Raw.Add(cut.Raw),
                OneMinute = cut.Minutes is null ? st.OneMinute : st.OneMinute.Add(cut.Minutes),
                OneHour = cut.Hours is null ? st.OneHour : st.OneHour.Add(cut.Hours),
            };
        }
        _wal.DeleteSegmentsBefore(walBefore);
        EngineMetrics.HeadCuts.Add(1);
        EngineLog.Cut(_log, seq, head.SampleCount, head.Series.Count, _time.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>The files one cut wrote (any may be null when it had nothing to write).</summary>
    private readonly record struct CutFiles(BlockFile? Raw, BlockFile? Minutes, BlockFile? Hours);

    /// <summary>Test hook: called after a cut's files are all committed and before its journal is deleted.</summary>
    internal Action? AfterCutCommit { get; set; }

    /// <summary>Test hook: cuts write the raw block alone, as versions before rollups came with cuts did.</summary>
    internal bool LegacyCuts { get; set; }

    /// <summary>
    /// Writes the raw block and, from the same samples, the 1-hour rollups (and the 1-minute ones
    /// with <see cref="EngineOptions.MinuteRollupsAtCut"/>). The three count only together: a
    /// <see cref="CutJournal"/> note is on disk while they are written, so a crash in between
    /// rolls them all back and the WAL replays the samples.
    /// </summary>
    private CutFiles WriteCut(HeadGeneration head, long seq, int walBefore)
    {
        var keys = head.Series.Keys.ToArray();
        Array.Sort(keys);
        var hoursToo = !LegacyCuts;
        var minutesToo = hoursToo && _options.MinuteRollupsAtCut;
        var rawFlags = (hoursToo ? BlockFlags.HourRolledUp : BlockFlags.None) | (minutesToo ? BlockFlags.MinuteRolledUp : BlockFlags.None);
        var samples = new List<Sample>(1024);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var journal = CutJournal.Write(_blockDir, seq);
        BlockFile? raw = null, minutes = null, hours = null;
        try
        {
            using (var writer = new BlockFile.Writer(_blockDir, BlockTier.Raw, seq, walBefore, now, level: 0, rawFlags))
            using (var wh = hoursToo ? new BlockFile.Writer(_blockDir, BlockTier.OneHour, seq, walBefore, now, level: 0, BlockFlags.FromCut) : null)
            using (var wm = minutesToo ? new BlockFile.Writer(_blockDir, BlockTier.OneMinute, seq, walBefore, now, level: 0, BlockFlags.FromCut) : null)
            {
                foreach (var key in keys)
                {
                    var sh = head.Series[key];
                    samples.Clear();
                    if (sh.Collect(long.MinValue, long.MaxValue, samples)) SortByTime(samples);
                    if (samples.Count == 0) continue;
                    var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(samples);
                    var section = SeriesBlockCodec.Encode(span, fast: true);
                    writer.Add(key, sh.Resolution, span[0].TimestampMs, span[^1].TimestampMs, span.Length, section);
                    if (wh is null) continue;
                    List<RollupBucket> hourBuckets;
                    if (wm is not null)
                    {
                        var minuteBuckets = RollupCodec.Build(span, BlockTier.OneMinute.BucketMs());
                        AddRollups(wm, key, sh.Resolution, minuteBuckets, BlockTier.OneMinute);
                        hourBuckets = RollupCodec.Coarsen(minuteBuckets, BlockTier.OneHour.BucketMs());
                    }
                    else
                    {
                        hourBuckets = RollupCodec.Build(span, BlockTier.OneHour.BucketMs());
                    }
                    AddRollups(wh, key, sh.Resolution, hourBuckets, BlockTier.OneHour);
                }
                if (writer.SeriesCount == 0)
                {
                    CutJournal.RollBack(_blockDir, seq, journal);
                    return default;
                }
                if (wh is not null) hours = BlockFile.Open(wh.Commit(), _internKey);
                if (wm is not null) minutes = BlockFile.Open(wm.Commit(), _internKey);
                raw = BlockFile.Open(writer.Commit(), _internKey);
            }
            AfterCutCommit?.Invoke();
            File.Delete(journal);
            BlockFile.FsyncDirectory(_blockDir);
            return new CutFiles(raw, minutes, hours);
        }
        catch
        {
            raw?.Dispose();
            minutes?.Dispose();
            hours?.Dispose();
            CutJournal.RollBack(_blockDir, seq, journal);
            throw;
        }
    }

    private static void AddRollups(BlockFile.Writer writer, SeriesKey key, int resolution, List<RollupBucket> buckets, BlockTier tier)
    {
        if (buckets.Count == 0) return;
        writer.Add(key, resolution, buckets[0].StartMs, buckets[^1].StartMs, buckets.Count, RollupCodec.Encode(buckets, tier.BucketMs(), fast: true));
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
