using System.Runtime.CompilerServices;
using Crema.Core.Metrics;
using Crema.Core.Statistics;
using Crema.Storage;

namespace Crema.Server.Live;

/// <summary>
/// The sample store the endpoints write through: the engine, plus a note to the live hub of which metrics each
/// acknowledged batch touched. With nobody listening it adds nothing to a write; otherwise one pass over the
/// batch's series (not its samples' values) and no allocation for metrics already noted in the current window.
/// </summary>
internal sealed class LiveSampleStore(ISampleStore inner, LiveHub hub) : ISampleStore
{
    public ValueTask AppendAsync(IReadOnlyList<SeriesWrite> batch, CancellationToken ct = default) =>
        hub.SubscriberCount == 0 ? inner.AppendAsync(batch, ct) : AppendAndNoteAsync(batch, ct);

    public IReadOnlyList<SeriesInfo> FindSeries(SeriesFilter filter) => inner.FindSeries(filter);

    public PeriodSeries Query(SeriesKey key, long startMs, long endMs, int periodSeconds, IReadOnlyList<Statistic> statistics) =>
        inner.Query(key, startMs, endMs, periodSeconds, statistics);

    public IReadOnlyList<Sample> ReadRaw(SeriesKey key, long startMs, long endMs) => inner.ReadRaw(key, startMs, endMs);

    public StoreStats GetStats() => inner.GetStats();

    /// <summary>Nothing: the storage host owns the engine and closes it after the server stops.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AppendAndNoteAsync(IReadOnlyList<SeriesWrite> batch, CancellationToken ct)
    {
        await inner.AppendAsync(batch, ct).ConfigureAwait(false);

        // Only an acknowledged (durable) batch is announced: a client that re-queries at once finds the samples.
        hub.NoteAppended(batch);
    }
}
