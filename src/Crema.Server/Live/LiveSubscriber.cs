using Crema.Core.Identity;
using Crema.Server.Security;

namespace Crema.Server.Live;

/// <summary>
/// One live connection: what is waiting to be sent to it, filtered to what its caller may see, and bounded
/// (drop and coalesce) so that a client that reads slowly costs a fixed amount of memory and never blocks the hub.
/// </summary>
internal sealed class LiveSubscriber : IDisposable
{
    private readonly CremaPrincipal _principal;
    private readonly IdentityService _identity;
    private readonly LiveOptions _options;
    private readonly Lock _lock = new();

    // Pending for the connection's writer; guarded by _lock.
    private HashSet<LiveMetric> _metrics = [];
    private long _newestMs = long.MinValue;
    private List<LiveAlarmEvent> _alarms = [];

    // Decisions per namespace / alarm; each is touched only by one hub loop (metrics, alarms), so needs no lock.
    private readonly Dictionary<string, bool> _mayReadNamespace = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _mayDescribeAlarm = new(StringComparer.Ordinal);

    // Wakes the writer; one pending release is enough.
    private readonly SemaphoreSlim _signal = new(0, 1);

    public LiveSubscriber(CremaPrincipal principal, IdentityService identity, LiveOptions options)
    {
        _principal = principal;
        _identity = identity;
        _options = options;
    }

    /// <summary>Metrics dropped because the connection already held <see cref="LiveOptions.MaxPendingMetrics"/>.</summary>
    public long DroppedMetrics { get; private set; }

    /// <summary>Alarm events dropped beyond the bound after coalescing per alarm.</summary>
    public long DroppedAlarmEvents { get; private set; }

    /// <summary>Takes the metrics of the caller's readable namespaces (called by the hub's metrics loop).</summary>
    public void OfferMetrics(IReadOnlyList<LiveMetric> metrics, long newestMs)
    {
        List<LiveMetric>? allowed = null;
        foreach (var m in metrics)
        {
            if (!_mayReadNamespace.TryGetValue(m.Namespace, out var may))
            {
                may = _identity.Authorize(_principal, "metrics:Get", ResourceNames.Metrics(m.Namespace)).Allowed;
                _mayReadNamespace[m.Namespace] = may;
            }

            if (may) (allowed ??= []).Add(m);
        }

        if (allowed is null) return;
        lock (_lock)
        {
            foreach (var m in allowed)
            {
                if (_metrics.Count >= _options.MaxPendingMetrics && !_metrics.Contains(m))
                {
                    DroppedMetrics++;
                    continue;
                }

                _metrics.Add(m);
            }

            if (newestMs > _newestMs) _newestMs = newestMs;
        }

        Wake();
    }

    /// <summary>Takes an alarm state change when the caller may describe that alarm (called by the hub's alarm loop).</summary>
    public void OfferAlarm(LiveAlarmEvent e)
    {
        if (!_mayDescribeAlarm.TryGetValue(e.AlarmName, out var may))
        {
            may = _identity.Authorize(_principal, "alarms:Describe", ResourceNames.Alarm(e.AlarmName)).Allowed;
            _mayDescribeAlarm[e.AlarmName] = may;
        }

        if (!may) return;
        lock (_lock)
        {
            if (_alarms.Count >= _options.MaxPendingAlarmEvents) Coalesce();
            _alarms.Add(e);
        }

        Wake();
    }

    /// <summary>Waits until something is pending (true) or <paramref name="timeout"/> passed (false).</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    /// <summary>Everything pending, in the order it happened (alarms by history order); the connection then holds nothing.</summary>
    public (List<LiveMetric> Metrics, long NewestMs, List<LiveAlarmEvent> Alarms) Take()
    {
        lock (_lock)
        {
            var metrics = new List<LiveMetric>(_metrics);
            metrics.Sort();
            var taken = (metrics, _newestMs, _alarms);
            _metrics = [];
            _newestMs = long.MinValue;
            _alarms = [];
            return taken;
        }
    }

    public void Dispose() => _signal.Dispose();

    /// <summary>Keeps each alarm's latest change only (a slow client needs the current states, not every step); then drops the oldest if still full.</summary>
    private void Coalesce()
    {
        var latest = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _alarms.Count; i++) latest[_alarms[i].AlarmName] = i;
        var kept = new List<LiveAlarmEvent>(latest.Count);
        for (var i = 0; i < _alarms.Count; i++)
        {
            if (latest[_alarms[i].AlarmName] == i) kept.Add(_alarms[i]);
        }

        DroppedAlarmEvents += _alarms.Count - kept.Count;
        if (kept.Count >= _options.MaxPendingAlarmEvents)
        {
            var excess = kept.Count - _options.MaxPendingAlarmEvents + 1;
            kept.RemoveRange(0, excess);
            DroppedAlarmEvents += excess;
        }

        _alarms = kept;
    }

    private void Wake()
    {
        if (_signal.CurrentCount != 0) return;
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
        }
        catch (ObjectDisposedException)
        {
            // The connection closed between the hub's snapshot of subscribers and this offer.
        }
    }
}
