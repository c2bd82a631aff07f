using System.Collections.Concurrent;
using System.Collections.Immutable;
using Crema.Core.Metrics;
using Crema.Storage.Wal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crema.Storage.Engine;

/// <summary>
/// The embedded time-series engine: WAL (group commit) → in-memory head of compressed
/// chunks → immutable block files written with their 1-hour (optionally 1-minute) rollups,
/// compacted, rolled up into the remaining tier as raw data ages out, and dropped by retention. See docs/ARCHITECTURE.md and docs/formats/.
/// </summary>
public sealed partial class SampleEngine : ISampleStore
{
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly string _blockDir;
    private readonly string _walDir;
    private readonly WriteAheadLog _wal;
    private readonly ConcurrentDictionary<SeriesKey, SeriesCatalogEntry> _catalog = new();
    private readonly ConcurrentDictionary<(string Namespace, string MetricName), MetricSeriesIndex> _byMetric = new();
    private readonly Lock _encodeLock = new();
    private readonly SemaphoreSlim _maintenanceLock = new(1, 1);
    private readonly AppendGate _gate = new();
    private readonly DecodedSectionCache _decoded;
    private readonly Lock _stateLock = new();
    private volatile EngineState _state;
    private int _nextSeriesId;
    private readonly Func<SeriesKey, SeriesKey> _internKey;
    private long _nextBlockSeq;
    private long _pendingSamples;
    private long _appended;
    private int _disposed;

    private SampleEngine(EngineOptions options, TimeProvider time, ILogger log, WriteAheadLog wal, EngineState state)
    {
        _options = options;
        _time = time;
        _log = log;
        _wal = wal;
        _state = state;
        _blockDir = Path.Combine(options.DataDirectory, "blocks");
        _walDir = Path.Combine(options.DataDirectory, "wal");
        _decoded = new DecodedSectionCache(options.DecodedCacheMegabytes * (1L << 20));
        _internKey = InternKey;
    }

    /// <summary>Opens (or creates) the engine in the data directory: loads blocks, replays the WAL.</summary>
    public static SampleEngine Open(EngineOptions options, TimeProvider time, ILogger? log = null)
    {
        options.Validate();
        log ??= NullLogger.Instance;
        var blockDir = Path.Combine(options.DataDirectory, "blocks");
        var walDir = Path.Combine(options.DataDirectory, "wal");
        Directory.CreateDirectory(blockDir);
        Directory.CreateDirectory(walDir);
        foreach (var tmp in Directory.EnumerateFiles(blockDir, "*.tmp")) File.Delete(tmp);
        // An interrupted cut first: its files go, and the WAL (still on disk) brings its samples back.
        CutJournal.Recover(blockDir);
        CompactionJournal.Recover(blockDir);

        var tiers = new Dictionary<BlockTier, List<BlockFile>> { [BlockTier.Raw] = [], [BlockTier.OneMinute] = [], [BlockTier.OneHour] = [] };
        long maxSeq = 0;
        var walBefore = 0;
        // One key instance per series across all blocks (and then the catalog), not one per block.
        var keys = new Dictionary<SeriesKey, SeriesKey>();
        SeriesKey InternAtOpen(SeriesKey k)
        {
            if (keys.TryGetValue(k, out var known)) return known;
            keys[k] = k;
            return k;
        }
        foreach (var path in Directory.EnumerateFiles(blockDir, "*.crb").Order(StringComparer.Ordinal))
        {
            var b = BlockFile.Open(path, InternAtOpen);
            tiers[b.Meta.Tier].Add(b);
            maxSeq = Math.Max(maxSeq, b.Meta.Sequence);
            if (b.Meta.Tier == BlockTier.Raw) walBefore = Math.Max(walBefore, b.Meta.WalSegmentsBefore);
        }

        var head = new HeadGeneration(0, walBefore, time.GetUtcNow().ToUnixTimeMilliseconds());
        var catalog = new ConcurrentDictionary<SeriesKey, SeriesCatalogEntry>();
        var maxId = -1;
        var byId = new Dictionary<int, SeriesCatalogEntry>();
        var scratch = new List<Sample>();
        long replayed = 0;
        var report = WriteAheadLog.Replay(walDir, (segment, payload) =>
        {
            // Segments below walBefore are already in blocks (a crash came between the cut and their deletion).
            if (segment < walBefore) return;
            WalBatchCodec.Decode(payload, def =>
            {
                var e = catalog.GetOrAdd(InternAtOpen(def.Key), k => new SeriesCatalogEntry(def.Id, k, def.Resolution));
                byId[def.Id] = e;
                e.DefinedInGeneration = 0;
                if (def.Id > maxId) maxId = def.Id;
            }, (id, samples) =>
            {
                if (!byId.TryGetValue(id, out var e)) throw new InvalidDataException($"WAL segment {segment} uses series id {id} before defining it");
                var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(samples);
                head.Append(e.Key, e.Resolution, span);
                var (lo, hi) = MinMax(span);
                e.Touch(lo, hi);
                replayed += span.Length;
            }, scratch);
        });
        foreach (var c in report.Corruptions) EngineLog.ReplayProblem(log, c);
        if (report.TruncatedBytes > 0) EngineLog.ReplayTruncated(log, report.TruncatedBytes);
        var wal = WriteAheadLog.Open(walDir, new WalOptions { OnError = ex => EngineLog.WalFailed(log, ex) });
        if (walBefore > 0) wal.DeleteSegmentsBefore(walBefore);
        var state = new EngineState(head, null, tiers[BlockTier.Raw].OrderBy(b => b.Meta.Sequence).ToImmutableArray(),
            tiers[BlockTier.OneMinute].OrderBy(b => b.Meta.Sequence).ToImmutableArray(),
            tiers[BlockTier.OneHour].OrderBy(b => b.Meta.Sequence).ToImmutableArray());
        var engine = new SampleEngine(options, time, log, wal, state)
        {
            _nextSeriesId = maxId + 1,
            _nextBlockSeq = maxSeq + 1,
        };
        foreach (var kv in catalog)
        {
            engine._catalog[kv.Key] = kv.Value;
            engine.Index(kv.Value);
        }
        foreach (var b in tiers[BlockTier.Raw])
        {
            foreach (var e in b.Entries) engine.Catalog(e.Key, e.Resolution).Touch(e.MinTime, e.MaxTime);
        }
        // Rollup times are bucket starts: they widen a series' span only before its raw data, so
        // the first sample time stays exact while raw data holds it.
        foreach (var tier in (ReadOnlySpan<BlockTier>)[BlockTier.OneMinute, BlockTier.OneHour])
        {
            foreach (var b in tiers[tier])
            {
                foreach (var e in b.Entries)
                {
                    var c = engine.Catalog(e.Key, e.Resolution);
                    var first = Interlocked.Read(ref c.FirstMs);
                    c.Touch(first == long.MaxValue || e.MinTime < FloorTo(first, tier.BucketMs()) ? e.MinTime : first, e.MaxTime);
                }
            }
        }
        EngineLog.Opened(log, engine._catalog.Count, state.Raw.Length + state.OneMinute.Length + state.OneHour.Length, replayed);
        return engine;
    }

    private SeriesCatalogEntry Catalog(SeriesKey key, int resolution)
    {
        if (_catalog.TryGetValue(key, out var e)) return e;
        e = _catalog.GetOrAdd(key, static (k, arg) => new SeriesCatalogEntry(Interlocked.Increment(ref arg.Engine._nextSeriesId) - 1, k, arg.Resolution), (Engine: this, Resolution: resolution));
        Index(e);
        return e;
    }

    /// <summary>The catalog's instance of a key read from a block index (or the key itself for a series not catalogued).</summary>
    private SeriesKey InternKey(SeriesKey key) => _catalog.TryGetValue(key, out var e) ? e.Key : key;

    /// <summary>Adds a catalogued series to its metric's index, once, whichever racing writer gets here first.</summary>
    private void Index(SeriesCatalogEntry e)
    {
        if (Interlocked.Exchange(ref e.Indexed, 1) != 0) return;
        _byMetric.GetOrAdd((e.Key.Namespace, e.Key.MetricName), static _ => new MetricSeriesIndex()).Add(e);
    }

    private static (long Min, long Max) MinMax(ReadOnlySpan<Sample> samples)
    {
        long lo = long.MaxValue, hi = long.MinValue;
        foreach (ref readonly var s in samples)
        {
            if (s.TimestampMs < lo) lo = s.TimestampMs;
            if (s.TimestampMs > hi) hi = s.TimestampMs;
        }
        return (lo, hi);
    }

    /// <inheritdoc />
    public StoreStats GetStats()
    {
        var st = _state;
        long blockBytes = 0;
        var blocks = 0;
        foreach (var t in new[] { BlockTier.Raw, BlockTier.OneMinute, BlockTier.OneHour })
        {
            foreach (var b in st.Tier(t))
            {
                blockBytes += b.Size;
                blocks++;
            }
        }
        long walBytes = 0;
        foreach (var f in Directory.EnumerateFiles(_walDir)) walBytes += new FileInfo(f).Length;
        return new StoreStats(_catalog.Count, st.Head.SampleCount + (st.Cutting?.SampleCount ?? 0), blocks, blockBytes, walBytes,
            Interlocked.Read(ref _appended));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            // A graceful stop cuts the head so the next start has nothing to replay.
            await CutHeadAsync(force: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            EngineLog.ShutdownCutFailed(_log, ex);
        }
        await _wal.DisposeAsync().ConfigureAwait(false);
        var st = _state;
        foreach (var b in st.Raw) b.Dispose();
        foreach (var b in st.OneMinute) b.Dispose();
        foreach (var b in st.OneHour) b.Dispose();
        foreach (var (b, _) in _retired) b.Dispose();
        _retired.Clear();
    }
}
