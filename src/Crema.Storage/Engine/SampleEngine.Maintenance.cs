using System.Collections.Immutable;
using Crema.Core.Metrics;
using Crema.Storage.Encoding;
using Microsoft.Extensions.Logging;

namespace Crema.Storage.Engine;

public sealed partial class SampleEngine
{
    /// <summary>Raw blocks are rolled up this long before raw retention drops them.</summary>
    private static readonly TimeSpan DownsampleLead = TimeSpan.FromDays(1);

    /// <summary>Released when the head is full; the maintenance loop then cuts it without waiting for its tick.</summary>
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Blocks replaced by compaction or retention, closed once no query can still hold them.</summary>
    private readonly List<(BlockFile Block, long RetiredAtMs)> _retired = [];

    /// <summary>Test hook: called after a compaction's merged block is on disk and before its inputs are deleted.</summary>
    internal Action? AfterCompactionCommit { get; set; }

    /// <summary>Runs maintenance every <see cref="EngineOptions.MaintenanceInterval"/> until cancelled; never throws out.</summary>
    public async Task RunMaintenanceAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_options.MaintenanceInterval, _time);
        try
        {
            var tick = timer.WaitForNextTickAsync(ct).AsTask();
            // A full head wakes the loop at once, so memory stays bounded under heavy ingest.
            var wake = _wake.WaitAsync(ct);
            while (true)
            {
                var done = await Task.WhenAny(tick, wake).ConfigureAwait(false);
                if (done == tick)
                {
                    if (!await tick.ConfigureAwait(false)) break;
                    tick = timer.WaitForNextTickAsync(ct).AsTask();
                }
                else
                {
                    await wake.ConfigureAwait(false);
                    wake = _wake.WaitAsync(ct);
                }
                try
                {
                    await MaintainOnceAsync(force: false, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    EngineLog.MaintenanceFailed(_log, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// One round: cut the head if due, compact young raw blocks and the rollup files cuts wrote,
    /// roll up raw blocks about to expire into the tiers their cut did not write, drop what
    /// retention says. With <paramref name="force"/> the head is cut and
    /// all young raw blocks are merged now (used by the admin flush and benchmarks).
    /// </summary>
    public async Task MaintainOnceAsync(bool force, CancellationToken ct)
    {
        await CutHeadAsync(force, ct).ConfigureAwait(false);
        await _maintenanceLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            await Task.Run(() =>
            {
                Compact(now, force);
                CompactRollups(BlockTier.OneHour, now, force);
                CompactRollups(BlockTier.OneMinute, now, force);
                Downsample(now);
                ApplyRetention(now);
                CloseRetired(now);
            }, ct).ConfigureAwait(false);
        }
        finally
        {
            _maintenanceLock.Release();
        }
    }

    private long YoungFloor(long now) => now - (long)(_options.RawRetention - DownsampleLead).TotalMilliseconds;

    private void Compact(long now, bool force)
    {
        // Blocks merge only with blocks whose samples are in the same rollup tiers already: a
        // merged block has one set of flags, and a wrong one would roll samples up twice or never.
        var young = _state.Raw.Where(b => b.Meta.MaxTime >= YoungFloor(now)).ToList();
        foreach (var flags in young.Select(b => b.Meta.Flags).Distinct().ToList())
            Compact(young.Where(b => b.Meta.Flags == flags).OrderBy(b => b.Meta.MinTime).ToList(), flags, now, force);
    }

    private void Compact(List<BlockFile> young, BlockFlags flags, long now, bool force)
    {
        if (young.Count < 2) return;
        if (!force && young.Count <= _options.CompactionFanIn) return;
        var inputs = force ? young : young.Take(_options.CompactionFanIn).ToList();
        var seq = Interlocked.Increment(ref _nextBlockSeq) - 1;
        var keys = new SortedSet<SeriesKey>();
        foreach (var b in inputs)
            foreach (var e in b.Entries) keys.Add(e.Key);
        var samples = new List<Sample>(4096);
        var started = _time.GetTimestamp();
        BlockFile merged;
        // Name the inputs before the merged block appears: a crash after it is committed but
        // before they are deleted would otherwise leave every sample in two blocks.
        var journal = CompactionJournal.Write(_blockDir, seq, inputs);
        using (var writer = new BlockFile.Writer(_blockDir, BlockTier.Raw, seq, inputs.Max(b => b.Meta.WalSegmentsBefore), now, inputs.Max(b => b.Meta.Level) + 1, flags))
        {
            foreach (var key in keys)
            {
                samples.Clear();
                var resolution = StorageResolution.Standard;
                var sorted = true;
                long last = long.MinValue;
                foreach (var b in inputs)
                {
                    if (!b.TryGet(key, out var e)) continue;
                    resolution = e.Resolution;
                    var from = samples.Count;
                    SeriesBlockCodec.Decode(b.ReadSection(e), samples);
                    for (var k = from; k < samples.Count; k++)
                    {
                        var t = samples[k].TimestampMs;
                        if (t < last) sorted = false;
                        last = t;
                    }
                }
                if (!sorted) SortByTime(samples);
                var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(samples);
                writer.Add(key, resolution, span[0].TimestampMs, span[^1].TimestampMs, span.Length, SeriesBlockCodec.Encode(span));
            }
            merged = BlockFile.Open(writer.Commit(), _internKey);
        }
        AfterCompactionCommit?.Invoke();
        var gone = inputs.ToHashSet();
        lock (_stateLock)
        {
            var st = _state;
            _state = st with { Raw = st.Raw.Where(b => !gone.Contains(b)).Append(merged).OrderBy(b => b.Meta.Sequence).ToImmutableArray() };
        }
        Retire(inputs, now);
        File.Delete(journal);
        EngineMetrics.Compactions.Add(1);
        EngineLog.Compacted(_log, inputs.Count, seq, merged.Size, _time.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>Test hook: called after a rollup compaction's merged file is on disk and before its inputs are deleted.</summary>
    internal Action? AfterRollupCompactionCommit { get; set; }

    /// <summary>
    /// Merges the rollup files cuts wrote (each cut adds one per tier; late samples add buckets to
    /// periods already written): size-tiered, <see cref="EngineOptions.CompactionFanIn"/> files of
    /// one level into one of the next, so a bucket is rewritten once per level, not once per cut.
    /// With <paramref name="force"/>, every such file holding the last weeks merges into one.
    /// Buckets of the same period add up (statistic sets and sketches merge).
    /// </summary>
    private void CompactRollups(BlockTier tier, long now, bool force)
    {
        var fromCuts = _state.Tier(tier).Where(b => b.Meta.Has(BlockFlags.FromCut)).ToList();
        List<BlockFile>? inputs = null;
        if (force)
        {
            var young = fromCuts.Where(b => b.Meta.MaxTime >= YoungFloor(now)).ToList();
            if (young.Count >= 2) inputs = young;
        }
        else
        {
            foreach (var level in fromCuts.Select(b => b.Meta.Level).Distinct().Order())
            {
                var same = fromCuts.Where(b => b.Meta.Level == level).OrderBy(b => b.Meta.Sequence).ToList();
                if (same.Count <= _options.CompactionFanIn) continue;
                inputs = same.Take(_options.CompactionFanIn).ToList();
                break;
            }
        }
        if (inputs is null) return;

        var seq = Interlocked.Increment(ref _nextBlockSeq) - 1;
        var bucketMs = tier.BucketMs();
        var started = _time.GetTimestamp();
        var keys = new SortedSet<SeriesKey>();
        foreach (var b in inputs)
            foreach (var e in b.Entries) keys.Add(e.Key);
        var journal = CompactionJournal.Write(_blockDir, seq, inputs, tier);
        BlockFile merged;
        var buckets = new List<RollupBucket>();
        using (var writer = new BlockFile.Writer(_blockDir, tier, seq, inputs.Max(b => b.Meta.WalSegmentsBefore), now,
            inputs.Max(b => b.Meta.Level) + 1, BlockFlags.FromCut))
        {
            foreach (var key in keys)
            {
                buckets.Clear();
                var resolution = StorageResolution.Standard;
                foreach (var b in inputs)
                {
                    if (!b.TryGet(key, out var e)) continue;
                    resolution = e.Resolution;
                    buckets.AddRange(RollupCodec.Decode(b.ReadSection(e), bucketMs));
                }
                var combined = RollupCodec.MergeSamePeriods(buckets);
                writer.Add(key, resolution, combined[0].StartMs, combined[^1].StartMs, combined.Count, RollupCodec.Encode(combined, bucketMs));
            }
            merged = BlockFile.Open(writer.Commit(), _internKey);
        }
        AfterRollupCompactionCommit?.Invoke();
        var gone = inputs.ToHashSet();
        lock (_stateLock)
        {
            var st = _state;
            _state = st.WithTier(tier, st.Tier(tier).Where(b => !gone.Contains(b)).Append(merged).OrderBy(b => b.Meta.Sequence).ToImmutableArray());
        }
        Retire(inputs, now);
        File.Delete(journal);
        EngineMetrics.Compactions.Add(1);
        EngineLog.Compacted(_log, inputs.Count, seq, merged.Size, _time.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// Rolls up raw blocks about to expire into the tiers their cut did not write (the 1-minute
    /// tier unless <see cref="EngineOptions.MinuteRollupsAtCut"/>; both for blocks written before
    /// rollups came with cuts). Such a file carries the raw block's sequence number, and its
    /// presence marks that block as rolled up into its tier: it is never written twice, and a
    /// tier the cut wrote is never written again (that would count the samples twice).
    /// </summary>
    private void Downsample(long now)
    {
        var st = _state;
        var minuteSeqs = AgeOutSequences(st.OneMinute);
        var hourSeqs = AgeOutSequences(st.OneHour);
        foreach (var raw in st.Raw)
        {
            if (raw.Meta.MaxTime >= YoungFloor(now)) continue;
            var needMinutes = !raw.Meta.Has(BlockFlags.MinuteRolledUp) && !minuteSeqs.Contains(raw.Meta.Sequence);
            var needHours = !raw.Meta.Has(BlockFlags.HourRolledUp) && !hourSeqs.Contains(raw.Meta.Sequence);
            if (!needMinutes && !needHours) continue;
            BlockFile? m1 = null, h1 = null;
            using (var wm = needMinutes ? new BlockFile.Writer(_blockDir, BlockTier.OneMinute, raw.Meta.Sequence, 0, now, raw.Meta.Level) : null)
            using (var wh = needHours ? new BlockFile.Writer(_blockDir, BlockTier.OneHour, raw.Meta.Sequence, 0, now, raw.Meta.Level) : null)
            {
                var samples = new List<Sample>(4096);
                foreach (var e in raw.Entries)
                {
                    samples.Clear();
                    SeriesBlockCodec.Decode(raw.ReadSection(e), samples);
                    var minutes = RollupCodec.Build(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(samples), 60_000);
                    if (minutes.Count == 0) continue;
                    if (wm is not null) wm.Add(e.Key, e.Resolution, minutes[0].StartMs, minutes[^1].StartMs, minutes.Count, RollupCodec.Encode(minutes, 60_000));
                    if (wh is null) continue;
                    var hours = RollupCodec.Coarsen(minutes, 3_600_000);
                    wh.Add(e.Key, e.Resolution, hours[0].StartMs, hours[^1].StartMs, hours.Count, RollupCodec.Encode(hours, 3_600_000));
                }
                // Each file marks its own tier as done; a crash between the two redoes only the missing one.
                if (wh is not null) h1 = BlockFile.Open(wh.Commit(), _internKey);
                if (wm is not null) m1 = BlockFile.Open(wm.Commit(), _internKey);
            }
            lock (_stateLock)
            {
                var s2 = _state;
                _state = s2 with
                {
                    OneMinute = m1 is null ? s2.OneMinute : s2.OneMinute.Add(m1),
                    OneHour = h1 is null ? s2.OneHour : s2.OneHour.Add(h1),
                };
            }
            EngineLog.RolledUp(_log, raw.Meta.Sequence);
        }
    }

    /// <summary>Sequence numbers of the raw blocks rolled up into this tier at age-out (files not from cuts).</summary>
    private static HashSet<long> AgeOutSequences(ImmutableArray<BlockFile> tier)
    {
        var set = new HashSet<long>();
        foreach (var b in tier)
            if (!b.Meta.Has(BlockFlags.FromCut)) set.Add(b.Meta.Sequence);
        return set;
    }

    /// <summary>True when both rollup tiers hold the raw block's samples, so it may be dropped.</summary>
    private static bool RolledUpEverywhere(BlockFile raw, HashSet<long> minuteSeqs, HashSet<long> hourSeqs) =>
        (raw.Meta.Has(BlockFlags.MinuteRolledUp) || minuteSeqs.Contains(raw.Meta.Sequence))
        && (raw.Meta.Has(BlockFlags.HourRolledUp) || hourSeqs.Contains(raw.Meta.Sequence));

    private void ApplyRetention(long now)
    {
        var st = _state;
        var rawFloor = now - (long)_options.RawRetention.TotalMilliseconds;
        var minuteFloor = now - (long)_options.OneMinuteRetention.TotalMilliseconds;
        var hourFloor = now - (long)_options.OneHourRetention.TotalMilliseconds;
        var minuteSeqs = AgeOutSequences(st.OneMinute);
        var hourSeqs = AgeOutSequences(st.OneHour);
        var dropRaw = st.Raw.Where(b => b.Meta.MaxTime < rawFloor && RolledUpEverywhere(b, minuteSeqs, hourSeqs)).ToList();
        var dropMinute = st.OneMinute.Where(b => b.Meta.MaxTime < minuteFloor).ToList();
        var dropHour = st.OneHour.Where(b => b.Meta.MaxTime < hourFloor).ToList();
        if (dropRaw.Count + dropMinute.Count + dropHour.Count == 0) return;
        lock (_stateLock)
        {
            var s2 = _state;
            _state = s2 with
            {
                Raw = s2.Raw.RemoveAll(dropRaw.Contains),
                OneMinute = s2.OneMinute.RemoveAll(dropMinute.Contains),
                OneHour = s2.OneHour.RemoveAll(dropHour.Contains),
            };
        }
        Retire(dropRaw.Concat(dropMinute).Concat(dropHour), now);
        EngineMetrics.BlocksDropped.Add(dropRaw.Count + dropMinute.Count + dropHour.Count);
        EngineLog.RetentionDropped(_log, dropRaw.Count, dropMinute.Count, dropHour.Count);
    }

    private void Retire(IEnumerable<BlockFile> blocks, long now)
    {
        foreach (var b in blocks)
        {
            // Unlinked now; the open handle keeps the data readable for queries that hold it.
            File.Delete(b.Path);
            // Its decoded sections can never be asked for again: free their cache budget now.
            _decoded.Forget(b);
            _retired.Add((b, now));
        }
        BlockFile.FsyncDirectory(_blockDir);
    }

    private void CloseRetired(long now)
    {
        for (var i = _retired.Count - 1; i >= 0; i--)
        {
            if (now - _retired[i].RetiredAtMs < 60_000) continue;
            _retired[i].Block.Dispose();
            _retired.RemoveAt(i);
        }
    }
}
