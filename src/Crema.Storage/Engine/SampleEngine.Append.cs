using System.Buffers;
using Crema.Core.Metrics;

using Crema.Storage.Encoding;

namespace Crema.Storage.Engine;

public sealed partial class SampleEngine
{
    [ThreadStatic] private static ByteWriter? t_sink;

    /// <inheritdoc />
    public async ValueTask AppendAsync(IReadOnlyList<SeriesWrite> batch, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        long n = 0;
        foreach (var w in batch)
        {
            if (!StorageResolution.IsValid(w.Resolution)) throw new ArgumentException($"resolution {w.Resolution} must be 1 or 60", nameof(batch));
            n += w.Count;
        }
        if (n == 0) return;
        if (Interlocked.Add(ref _pendingSamples, n) > _options.MaxPendingSamples && Interlocked.Read(ref _pendingSamples) > n)
        {
            Interlocked.Add(ref _pendingSamples, -n);
            EngineMetrics.AppendsRefused.Add(1);
            throw new StoreOverloadedException($"the write-ahead log has more than {_options.MaxPendingSamples} samples waiting", TimeSpan.FromSeconds(1));
        }
        try
        {
            await _gate.EnterAsync(ct).ConfigureAwait(false);
            try
            {
                await AppendInsideGateAsync(batch, ct).ConfigureAwait(false);
            }
            finally
            {
                _gate.Exit();
            }
            Interlocked.Add(ref _appended, n);
            EngineMetrics.SamplesAppended.Add(n);
            if (_state.Head.SampleCount >= _options.HeadMaxSamples && _wake.CurrentCount == 0)
            {
                try
                {
                    _wake.Release();
                }
                catch (SemaphoreFullException)
                {
                }
            }
        }
        finally
        {
            Interlocked.Add(ref _pendingSamples, -n);
        }
    }

    private async ValueTask AppendInsideGateAsync(IReadOnlyList<SeriesWrite> batch, CancellationToken ct)
    {
        var head = _state.Head;
        var entries = ArrayPool<SeriesCatalogEntry>.Shared.Rent(batch.Count);
        var ids = ArrayPool<int>.Shared.Rent(batch.Count);
        byte[]? payload = null;
        int payloadLength;
        ValueTask<long> durable;
        try
        {
            var defs = new List<WalBatchCodec.Def>();
            // Encoding and enqueueing happen under one lock so that a series' definition always
            // precedes its first use in WAL order. Nothing inside awaits (the WAL queues in order
            // even when it must wait for room), so a plain lock does: no async semaphore hand-offs.
            lock (_encodeLock)
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    var e = Catalog(batch[i].Key, batch[i].Resolution);
                    entries[i] = e;
                    ids[i] = e.Id;
                    if (e.DefinedInGeneration != head.Number)
                    {
                        defs.Add(new WalBatchCodec.Def(e.Id, e.Key, e.Resolution));
                        e.DefinedInGeneration = head.Number;
                    }
                }
                var sink = t_sink ??= new ByteWriter(1 << 16);
                sink.Clear();
                WalBatchCodec.Encode(sink, defs, batch, ids.AsSpan(0, batch.Count));
                payloadLength = sink.Length;
                payload = Crema.Core.Buffers.IoBuffers.Pool.Rent(payloadLength);
                sink.WrittenSpan.CopyTo(payload);
                if (sink.Length > 4 << 20) t_sink = null; // do not keep a huge buffer per thread
                // Not cancellable: the definitions above are already marked as written for this
                // generation, so a record dropped while waiting for queue space would leave later
                // records using ids the WAL never defines (and replay would refuse the log).
                durable = _wal.AppendAsync(payload.AsMemory(0, payloadLength), CancellationToken.None);
            }
            await durable.ConfigureAwait(false);

            // Durable: now visible to queries.
            for (var i = 0; i < batch.Count; i++)
            {
                var w = batch[i];
                var span = w.Span;
                if (span.Length == 0) continue;
                head.Append(entries[i].Key, entries[i].Resolution, span);
                var (lo, hi) = MinMax(span);
                entries[i].Touch(lo, hi);
            }
        }
        finally
        {
            if (payload is not null) Crema.Core.Buffers.IoBuffers.Pool.Return(payload);
            ArrayPool<SeriesCatalogEntry>.Shared.Return(entries, clearArray: true);
            ArrayPool<int>.Shared.Return(ids);
        }
    }
}
