using System.Threading.Channels;
using Crema.Core.Audit;
using Crema.Server.Hosting;
using Crema.Storage.Audit;

namespace Crema.Server.Audit;

/// <summary>
/// Appends audit events: numbers them, chains each to the one before (hash of the previous hash and
/// the event's exact JSON) and writes them in batches on one writer loop. A caller that awaits
/// <see cref="RecordAsync"/> knows its event is durable.
/// </summary>
public sealed partial class AuditRecorder(StorageHost storage, TimeProvider time, ILogger<AuditRecorder> log) : IHostedService
{
    private const int MaxBatch = 1000;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(100_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private Task? _loop;
    private long _lastSequence;
    private string _lastHash = AuditHash.Genesis;
    private long _recorded;

    /// <summary>Events written since start (for the admin figures and tests).</summary>
    public long Recorded => Interlocked.Read(ref _recorded);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var last = await storage.Audit.LastEventAsync(cancellationToken).ConfigureAwait(false);
        if (last is not null)
        {
            _lastSequence = last.Sequence;
            _lastHash = last.Hash;
        }

        _loop = Task.Run(WriteLoopAsync, CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_loop is not null) await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues an event (its Sequence is assigned here); the task completes when it is durable.</summary>
    public Task RecordAsync(AuditEvent e, IReadOnlyList<string> resources)
    {
        ArgumentNullException.ThrowIfNull(e);
        var pending = new Pending(e, resources, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            return WriteSlowAsync(pending);
        }

        return pending.Done.Task;
    }

    /// <summary>Records a change the server made by itself (first-start set-up, the demo's keys): source "system", and durable on return.</summary>
    public Task RecordSystemAsync(string eventName, System.Text.Json.Nodes.JsonObject? parameters, IReadOnlyList<string> resources, string? userName = null)
    {
        var now = time.GetUtcNow();
        return RecordAsync(new AuditEvent
        {
            EventId = Guid.CreateVersion7(now).ToString(),
            Time = now,
            EventName = eventName,
            EventSource = "system",
            Identity = userName is null ? AuditIdentity.System : new AuditIdentity(userName, null, "system", false),
            RequestParameters = Crema.Core.Identity.SecretRedactor.Redact(parameters),
            ReadOnly = false,
            Resources = resources,
        }, resources);
    }

    private async Task WriteSlowAsync(Pending pending)
    {
        await _queue.Writer.WriteAsync(pending).ConfigureAwait(false);
        await pending.Done.Task.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        var rows = new List<AuditAppend>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            rows.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var p)) batch.Add(p);
            var sequence = _lastSequence;
            var hash = _lastHash;
            foreach (var p in batch)
            {
                var e = p.Event with { Sequence = ++sequence };
                var body = AuditEventCodec.Serialize(e);
                var next = AuditHash.Chain(hash, body);
                rows.Add(new AuditAppend(
                    new StoredAuditEvent(e.Sequence, body, next, hash, e.EventId, e.Time.ToUnixTimeMilliseconds(), e.EventName, e.Identity.UserName, e.ReadOnly, e.ErrorCode),
                    p.Resources));
                hash = next;
            }

            try
            {
                await storage.Audit.AppendAsync(rows).ConfigureAwait(false);
                _lastSequence = sequence;
                _lastHash = hash;
                Interlocked.Add(ref _recorded, batch.Count);
                foreach (var p in batch) p.Done.TrySetResult();
            }
#pragma warning disable CA1031 // the loop must survive a failed write; callers get the exception
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.WriteFailed(log, ex, batch.Count);
                foreach (var p in batch) p.Done.TrySetException(new InvalidOperationException("The audit trail could not be written.", ex));
            }
        }
    }

    private sealed record Pending(AuditEvent Event, IReadOnlyList<string> Resources, TaskCompletionSource Done);

    private static partial class Log
    {
        [LoggerMessage(2100, LogLevel.Error, "Could not write {Count} audit events")]
        public static partial void WriteFailed(ILogger logger, Exception ex, int count);
    }
}
