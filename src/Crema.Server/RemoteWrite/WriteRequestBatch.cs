using System.Buffers;
using System.Runtime.CompilerServices;

namespace Crema.Server.RemoteWrite;

/// <summary>
/// A decoded remote-write request, reusable across requests: labels and samples live in
/// pooled arrays that grow and stay, and label strings come from a cache that remembers the
/// strings of earlier requests. Not thread-safe; use one batch per request at a time (pool
/// them). Dispose returns the arrays to the pool.
/// </summary>
public sealed class WriteRequestBatch : IDisposable
{
    /// <summary>Label strings remembered across requests when no size is given.</summary>
    public const int DefaultLabelCacheSize = 16384;

    private readonly LabelStringCache _cache;
    private readonly List<RemoteMetadata> _metadata = [];
    private SeriesSlot[] _series;
    private RemoteLabel[] _labels;
    private long[] _timestamps;
    private double[] _values;
    private int _seriesCount;
    private int _labelCount;
    private int _sampleCount;

    /// <summary>Creates an empty batch with a label-string cache of <see cref="DefaultLabelCacheSize"/> entries.</summary>
    public WriteRequestBatch()
        : this(DefaultLabelCacheSize)
    {
    }

    /// <summary>Creates an empty batch whose label-string cache holds about <paramref name="labelCacheSize"/> strings.</summary>
    public WriteRequestBatch(int labelCacheSize)
    {
        _cache = new LabelStringCache(labelCacheSize);
        // Plain arrays, not ArrayPool: batches are pooled whole and keep their arrays, and the
        // shared pool's trimming of these element types showed up as ~10 % of ingest CPU.
        _series = new SeriesSlot[64];
        _labels = new RemoteLabel[256];
        _timestamps = new long[256];
        _values = new double[256];
    }

    /// <summary>The number of time series decoded, valid or not.</summary>
    public int SeriesCount => _seriesCount;

    /// <summary>The number of samples over all series.</summary>
    public int SampleCount => _sampleCount;

    /// <summary>The series at <paramref name="index"/> (0 ≤ index &lt; <see cref="SeriesCount"/>).</summary>
    public RemoteSeries this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_seriesCount)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"the batch has {_seriesCount} series");
            }

            return new RemoteSeries(this, index);
        }
    }

    /// <summary>The metadata entries of the request (metadata-only requests have no series).</summary>
    public IReadOnlyList<RemoteMetadata> Metadata => _metadata;

    /// <summary>Exemplars in the request, skipped because Crema does not store them.</summary>
    public int SkippedExemplars { get; private set; }

    /// <summary>Native histograms in the request, skipped because Crema does not store them.</summary>
    public int SkippedHistograms { get; private set; }

    /// <summary>Label strings created because the cache did not know them, over the batch's life.</summary>
    public long LabelCacheMisses => _cache.Misses;

    /// <summary>Forgets the decoded request and keeps the arrays and the label cache.</summary>
    public void Clear()
    {
        _seriesCount = 0;
        _labelCount = 0;
        _sampleCount = 0;
        _metadata.Clear();
        SkippedExemplars = 0;
        SkippedHistograms = 0;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Clear();
        _series = [];
        _labels = [];
        _timestamps = [];
        _values = [];
    }

    internal ref readonly SeriesSlot Slot(int index) => ref _series[index];

    internal ReadOnlySpan<RemoteLabel> LabelSpan(int index)
    {
        ref readonly var slot = ref _series[index];
        return new ReadOnlySpan<RemoteLabel>(_labels, slot.LabelStart, slot.LabelCount);
    }

    /// <summary>The labels of a series for in-place normalisation (sorting, dropping empty values).</summary>
    internal Span<RemoteLabel> MutableLabelSpan(int index)
    {
        ref readonly var slot = ref _series[index];
        return new Span<RemoteLabel>(_labels, slot.LabelStart, slot.LabelCount);
    }

    internal void SetLabelCount(int index, int count) => _series[index].LabelCount = count;

    internal ReadOnlySpan<long> TimestampSpan(int index)
    {
        ref readonly var slot = ref _series[index];
        return new ReadOnlySpan<long>(_timestamps, slot.SampleStart, slot.SampleCount);
    }

    internal ReadOnlySpan<double> ValueSpan(int index)
    {
        ref readonly var slot = ref _series[index];
        return new ReadOnlySpan<double>(_values, slot.SampleStart, slot.SampleCount);
    }

    internal void BeginSeries()
    {
        if (_seriesCount == _series.Length)
        {
            Grow(ref _series, _seriesCount + 1, false);
        }

        _series[_seriesCount] = new SeriesSlot
        {
            LabelStart = _labelCount,
            SampleStart = _sampleCount,
            InvalidUtf8Label = -1,
        };
    }

    internal void EndSeries()
    {
        ref var slot = ref _series[_seriesCount];
        slot.LabelCount = _labelCount - slot.LabelStart;
        slot.SampleCount = _sampleCount - slot.SampleStart;
        _seriesCount++;
    }

    internal void AddLabel(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        var nameOk = _cache.TryGet(name, out var nameString);
        var valueOk = _cache.TryGet(value, out var valueString);
        if (_labelCount == _labels.Length)
        {
            Grow(ref _labels, _labelCount + 1, true);
        }

        ref var slot = ref _series[_seriesCount];
        if (!(nameOk && valueOk) && slot.InvalidUtf8Label < 0)
        {
            slot.InvalidUtf8Label = _labelCount - slot.LabelStart;
            slot.InvalidUtf8InName = !nameOk;
        }

        _labels[_labelCount++] = new RemoteLabel(nameString, valueString);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void AddSample(long timestamp, double value)
    {
        var n = _sampleCount;
        if (n == _timestamps.Length)
        {
            GrowSamples(n + 1);
        }

        _timestamps[n] = timestamp;
        _values[n] = value;
        _sampleCount = n + 1;
    }

    internal void AddExemplar() => SkippedExemplars++;

    internal void AddHistogram() => SkippedHistograms++;

    internal void AddMetadata(RemoteMetadata metadata) => _metadata.Add(metadata);

    internal string GetString(ReadOnlySpan<byte> utf8)
    {
        // Metadata is advisory: invalid UTF-8 there becomes replacement characters, not an error.
        _cache.TryGet(utf8, out var value);
        return value;
    }

    private void GrowSamples(int needed)
    {
        Grow(ref _timestamps, needed, false);
        Grow(ref _values, needed, false);
    }

    private static void Grow<T>(ref T[] array, int needed, bool clear)
    {
        var bigger = new T[Math.Max(needed, array.Length * 2)];
        Array.Copy(array, bigger, array.Length);
        if (clear) Array.Clear(array);
        array = bigger;
    }

    /// <summary>Where one series' labels and samples sit in the batch's arrays.</summary>
    internal struct SeriesSlot
    {
        public int LabelStart;
        public int LabelCount;
        public int SampleStart;
        public int SampleCount;

        /// <summary>The first label (in the order sent) whose name or value is not valid UTF-8; -1 when all are valid.</summary>
        public int InvalidUtf8Label;

        /// <summary>Whether the bad bytes of <see cref="InvalidUtf8Label"/> are in its name rather than its value.</summary>
        public bool InvalidUtf8InName;
    }
}
