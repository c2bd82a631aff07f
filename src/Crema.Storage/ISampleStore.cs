using Crema.Core.Metrics;
using Crema.Core.Statistics;

namespace Crema.Storage;

/// <summary>
/// The storage contract for samples. The embedded engine implements it; a clustered store
/// (e.g. over remote write and PromQL) can implement it later without changing callers.
/// </summary>
public interface ISampleStore : IAsyncDisposable
{
    /// <summary>
    /// Appends every series of the batch or none; the task completes only when the write is durable.
    /// Throws <see cref="StoreOverloadedException"/> when the store cannot take more now (retry later).
    /// </summary>
    ValueTask AppendAsync(IReadOnlyList<SeriesWrite> batch, CancellationToken ct = default);

    /// <summary>Series whose namespace, name and dimensions match the filter, ordered by key.</summary>
    IReadOnlyList<SeriesInfo> FindSeries(SeriesFilter filter);

    /// <summary>Statistics per period for one series over [start, end).</summary>
    PeriodSeries Query(SeriesKey key, long startMs, long endMs, int periodSeconds, IReadOnlyList<Statistic> statistics);

    /// <summary>Every raw sample of a series in [start, end), in time order (for export and tests).</summary>
    IReadOnlyList<Sample> ReadRaw(SeriesKey key, long startMs, long endMs);

    /// <summary>Figures about the store (series, samples, blocks, bytes).</summary>
    StoreStats GetStats();
}

/// <summary>
/// Samples for one series in a write: <see cref="Count"/> samples of <see cref="Samples"/> from
/// <see cref="Start"/>. Several writes may share one (pooled) array; the store reads it only until
/// <see cref="ISampleStore.AppendAsync"/> completes. Resolution is 1 or 60 seconds.
/// </summary>
public readonly record struct SeriesWrite(SeriesKey Key, int Resolution, Sample[] Samples, int Start, int Count)
{
    public SeriesWrite(SeriesKey key, int resolution, Sample[] samples) : this(key, resolution, samples, 0, samples.Length) { }

    public SeriesWrite(SeriesKey key, int resolution, Sample[] samples, int count) : this(key, resolution, samples, 0, count) { }

    public ReadOnlySpan<Sample> Span => Samples.AsSpan(Start, Count);
}

/// <summary>What a listing or multi-series query matches. Null matches anything; a dimension with a null value matches any value but must be present.</summary>
public sealed record SeriesFilter(string? Namespace = null, string? MetricName = null, IReadOnlyList<(string Name, string? Value)>? Dimensions = null, bool ExactDimensions = false);

/// <summary>A known series.</summary>
public sealed record SeriesInfo(SeriesKey Key, int Resolution, long FirstMs, long LastMs);

/// <summary>The answer to a query: one row per non-empty period, values in the order of the requested statistics.</summary>
public sealed class PeriodSeries
{
    public PeriodSeries(long[] timestamps, double[][] values, string tier)
    {
        Timestamps = timestamps;
        Values = values;
        Tier = tier;
    }

    /// <summary>Period start times (ms), ascending.</summary>
    public long[] Timestamps { get; }

    /// <summary>Values[statisticIndex][row].</summary>
    public double[][] Values { get; }

    /// <summary>Which data answered: raw, 1m or 1h.</summary>
    public string Tier { get; }
}

/// <summary>Figures about the store.</summary>
public sealed record StoreStats(int Series, long HeadSamples, int Blocks, long BlockBytes, long WalBytes, long SamplesAppended);

/// <summary>The store cannot take this write now; the caller may retry after the given delay.</summary>
public sealed class StoreOverloadedException(string message, TimeSpan retryAfter) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
