using System.Collections.Concurrent;
using Crema.Server.Hosting;
using Crema.Server.Security;
using Crema.Storage;
using Microsoft.Extensions.Options;

namespace Crema.Server.Live;

/// <summary>
/// Gathers what happened (metrics that received samples, alarm state changes) and hands it to every live
/// connection. Ingest only notes metric names into a set; a background loop coalesces them over
/// <see cref="LiveOptions.CoalesceWindow"/> and fans out, so a slow client never slows a write.
/// </summary>
/// <remarks>
/// Pacing uses real time (the system clock), not the injected <see cref="TimeProvider"/>: it paces a network
/// stream, and a test's fake clock, standing still, must not stall the stream.
/// </remarks>
internal sealed partial class LiveHub(IOptions<LiveOptions> options, StorageHost storage, IdentityService identity, ILogger<LiveHub> log) : BackgroundService
{
    private readonly LiveOptions _options = options.Value;

    // The metrics noted since the last fan-out; ingest adds (no allocation for one already there), the loop removes.
    private readonly ConcurrentDictionary<LiveMetric, byte> _noted = new();

    // The newest sample time (Unix ms) noted since the last fan-out; long.MinValue: none.
    private long _newestMs = long.MinValue;

    // Released by ingest when it noted something; at most one release is pending (it only wakes the loop).
    private readonly SemaphoreSlim _dataArrived = new(0, 1);

    private readonly ConcurrentDictionary<LiveSubscriber, byte> _subscribers = new();

    // Read on every write: with no subscriber the sample store skips noting altogether.
    private int _subscriberCount;

    /// <summary>How many live connections are open.</summary>
    public int SubscriberCount => Volatile.Read(ref _subscriberCount);

    /// <summary>Notes the metrics of an acknowledged batch (called on the ingest path: no allocation per sample, no waiting).</summary>
    public void NoteAppended(IReadOnlyList<SeriesWrite> batch)
    {
        if (Volatile.Read(ref _subscriberCount) == 0 || batch.Count == 0) return;
        string? lastNamespace = null;
        string? lastName = null;
        var newest = long.MinValue;
        for (var i = 0; i < batch.Count; i++)
        {
            var write = batch[i];
            var key = write.Key;

            // A batch usually holds many series of one metric in a row: one dictionary probe for the run.
            if (!ReferenceEquals(key.Namespace, lastNamespace) || !ReferenceEquals(key.MetricName, lastName))
            {
                lastNamespace = key.Namespace;
                lastName = key.MetricName;
                _noted.TryAdd(new LiveMetric(lastNamespace, lastName), 0);
            }

            foreach (ref readonly var s in write.Span)
            {
                if (s.TimestampMs > newest) newest = s.TimestampMs;
            }
        }

        RaiseNewest(newest);
        if (_dataArrived.CurrentCount == 0)
        {
            try
            {
                _dataArrived.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another writer woke the loop first: that is enough.
            }
        }
    }

    /// <summary>Registers a connection of <paramref name="principal"/>; events from now on reach it until <see cref="Unsubscribe"/>.</summary>
    public async Task<LiveSubscriber> SubscribeAsync(CremaPrincipal principal, CancellationToken ct)
    {
        var subscriber = new LiveSubscriber(principal, identity, _options);
        await BaselineAlarmsAsync(subscriber, ct).ConfigureAwait(false);
        return subscriber;
    }

    /// <summary>Forgets a connection (its pending events are dropped).</summary>
    public void Unsubscribe(LiveSubscriber subscriber)
    {
        if (_subscribers.TryRemove(subscriber, out _)) Interlocked.Decrement(ref _subscriberCount);
        subscriber.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Alarms.Changed += OnAlarmsWritten;
        try
        {
            await Task.WhenAll(Loop(MetricsRoundAsync, stoppingToken), Loop(AlarmsRoundAsync, stoppingToken)).ConfigureAwait(false);
        }
        finally
        {
            Alarms.Changed -= OnAlarmsWritten;
        }
    }

    public override void Dispose()
    {
        _dataArrived.Dispose();
        _alarmGate.Dispose();
        _alarmsWritten.Dispose();
        base.Dispose();
    }

    private async Task Loop(Func<CancellationToken, Task> round, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await round(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed round is logged and the next one tried: live events must not take the server down
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.RoundFailed(log, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
            }
        }
    }

    private async Task MetricsRoundAsync(CancellationToken ct)
    {
        await _dataArrived.WaitAsync(ct).ConfigureAwait(false);
        await Task.Delay(_options.CoalesceWindow, ct).ConfigureAwait(false);
        var metrics = new List<LiveMetric>();
        foreach (var key in _noted.Keys)
        {
            // Removing one by one: a metric noted meanwhile is either taken now or stays for the next round.
            if (_noted.TryRemove(key, out _)) metrics.Add(key);
        }

        var newest = Interlocked.Exchange(ref _newestMs, long.MinValue);
        if (metrics.Count == 0)
        {
            RaiseNewest(newest);
            return;
        }

        metrics.Sort();
        foreach (var subscriber in _subscribers.Keys) subscriber.OfferMetrics(metrics, newest);
    }

    private void RaiseNewest(long newest)
    {
        var current = Volatile.Read(ref _newestMs);
        while (newest > current)
        {
            var seen = Interlocked.CompareExchange(ref _newestMs, newest, current);
            if (seen == current) return;
            current = seen;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(2601, LogLevel.Warning, "A round of live events failed; the next one is tried in a second")]
        public static partial void RoundFailed(ILogger logger, Exception ex);
    }
}
