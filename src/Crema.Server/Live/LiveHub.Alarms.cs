using System.Text.Json;
using Crema.Storage.Alarms;

namespace Crema.Server.Live;

internal sealed partial class LiveHub
{
    private const int HistoryPage = 200;

    // Bounds one poll after a long stall; older changes are then skipped (each alarm's state is still current on re-query).
    private const int MaxChangesPerPoll = 10_000;

    private readonly SemaphoreSlim _alarmGate = new(1, 1);

    // Released when the alarm store commits a write; a round waits for it (or the fallback interval).
    private readonly SemaphoreSlim _alarmsWritten = new(0, 1);

    // The newest alarm-history id already handed out; -1: not read since the last connection closed.
    private long _lastHistoryId = -1;

    private IAlarmStore Alarms => storage.Metadata.Alarms;

    /// <summary>
    /// Reads new alarm state changes from the alarm history, which both metric and composite alarms write before
    /// anyone is notified: an event is only sent for a change that is stored.
    /// </summary>
    private async Task AlarmsRoundAsync(CancellationToken ct)
    {
        await _alarmsWritten.WaitAsync(_options.AlarmPollInterval, ct).ConfigureAwait(false);
        await _alarmGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (SubscriberCount == 0)
            {
                // Nobody listens: the next connection starts from the history as it is then, not from now.
                _lastHistoryId = -1;
                return;
            }

            if (_lastHistoryId < 0)
            {
                _lastHistoryId = await NewestHistoryIdAsync(ct).ConfigureAwait(false);
                return;
            }

            var fresh = new List<AlarmHistoryRecord>();
            long? before = null;
            while (fresh.Count < MaxChangesPerPoll)
            {
                var page = await Alarms.HistoryAsync(null, null, null, null, before, HistoryPage, ct).ConfigureAwait(false);
                var reachedSeen = false;
                foreach (var r in page)
                {
                    if (r.Id <= _lastHistoryId)
                    {
                        reachedSeen = true;
                        break;
                    }

                    fresh.Add(r);
                }

                if (reachedSeen || page.Count < HistoryPage) break;
                before = page[^1].Id;
            }

            if (fresh.Count == 0) return;
            _lastHistoryId = fresh[0].Id;
            for (var i = fresh.Count - 1; i >= 0; i--)
            {
                if (ToEvent(fresh[i]) is not { } e) continue;
                foreach (var subscriber in _subscribers.Keys) subscriber.OfferAlarm(e);
            }
        }
        finally
        {
            _alarmGate.Release();
        }
    }

    /// <summary>
    /// Registers <paramref name="subscriber"/> and makes sure changes after this moment reach it. Both happen under
    /// the alarm gate: a round between them would see no subscriber, forget the baseline, and then skip the changes
    /// made before its next read.
    /// </summary>
    private async Task BaselineAlarmsAsync(LiveSubscriber subscriber, CancellationToken ct)
    {
        await _alarmGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            _subscribers[subscriber] = 0;
            Interlocked.Increment(ref _subscriberCount);
            if (_lastHistoryId < 0) _lastHistoryId = await NewestHistoryIdAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _alarmGate.Release();
        }
    }

    /// <summary>The alarm store's <see cref="IAlarmStore.Changed"/>: wakes the next round (several writes wake it once).</summary>
    private void OnAlarmsWritten()
    {
        if (_alarmsWritten.CurrentCount > 0) return;
        try
        {
            _alarmsWritten.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another writer woke it first.
        }
    }

    private async Task<long> NewestHistoryIdAsync(CancellationToken ct)
    {
        var newest = await Alarms.HistoryAsync(null, null, null, null, null, 1, ct).ConfigureAwait(false);
        return newest.Count > 0 ? newest[0].Id : 0;
    }

    /// <summary>The live event of a StateUpdate history item (oldState/newState as metric and composite alarms both write them); null for other items.</summary>
    internal static LiveAlarmEvent? ToEvent(AlarmHistoryRecord r)
    {
        if (!string.Equals(r.Type, "StateUpdate", StringComparison.Ordinal) || r.Data is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(r.Data);
            var root = doc.RootElement;
            if (!root.TryGetProperty("newState", out var next) || !next.TryGetProperty("stateValue", out var state)) return null;
            var previous = root.TryGetProperty("oldState", out var old) && old.TryGetProperty("stateValue", out var p) ? p.GetString() : null;
            var reason = next.TryGetProperty("stateReason", out var why) ? why.GetString() : null;
            return new LiveAlarmEvent(r.Id, r.AlarmName, state.GetString() ?? "", previous ?? "", reason ?? r.Summary, r.At);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
