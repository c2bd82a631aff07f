using Crema.Client.Contracts;
using Crema.Core.Alarms;
using Crema.Server.Hosting;
using Crema.Server.Security;
using Crema.Storage.Alarms;

namespace Crema.Server.Alarms;

/// <summary>
/// Keeps the mute windows in memory (loaded on first use) and answers, for each alarm action, whether a window
/// silences it now; a silenced action becomes an "Action" history item naming the window and its reason.
/// </summary>
internal sealed class MuteService(StorageHost storage, TimeProvider time) : IDisposable
{
    // Writers (and the first load) queue here; readers take the current snapshot without waiting.
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Sorted by name, replaced whole on each change; null until loaded.
    private volatile Entry[]? _entries;

    private IMuteStore Store => storage.Metadata.Mutes;

    /// <summary>Creates or replaces a window; throws a 400 <see cref="IdentityException"/> naming the field when it is not valid.</summary>
    public async Task<(MuteDto Mute, bool Created)> PutAsync(PutMuteRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();

        // "Mute until 14:00" starts now, by the server's clock (a client's clock may run ahead and leave the window pending).
        if (request is { Schedule: null, StartTime: null, EndTime: not null }) request = request with { StartTime = now };
        var window = MuteMapping.ToWindow(request, out var error);
        if (window is null) throw IdentityException.Invalid(error!.Field, error.Rule);
        if (window.ExpiresAt is { } x && x <= now) throw IdentityException.Invalid("expiresAt", "is in the past: the window would never mute");
        if (window.End is { } end && end <= now) throw IdentityException.Invalid("endTime", "is in the past: the window would never mute");

        var normalized = MuteMapping.Normalize(window);
        await EnsureLoadedAsync(ct).ConfigureAwait(false);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var entries = _entries!;
            var index = Find(entries, window.Name);
            var createdAt = index >= 0 ? entries[index].CreatedAt : now;
            var created = await Store.SaveAsync(new MuteRecord(window.Name, MuteMapping.Serialize(normalized), createdAt, now), ct).ConfigureAwait(false);
            var entry = new Entry(normalized, window, createdAt, now);
            var list = new List<Entry>(entries);
            if (index >= 0) list[index] = entry;
            else list.Insert(~index, entry);
            _entries = [.. list];
            return (entry.ToDto(now), created);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Every window by name, or those whose patterns match <paramref name="alarmName"/>.</summary>
    public async Task<IReadOnlyList<MuteDto>> ListAsync(string? alarmName, CancellationToken ct)
    {
        await EnsureLoadedAsync(ct).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var list = new List<MuteDto>();
        foreach (var e in _entries!)
        {
            if (alarmName is not null && e.Window?.Matches(alarmName) != true) continue;
            list.Add(e.ToDto(now));
        }

        return list;
    }

    /// <summary>One window, or null.</summary>
    public async Task<MuteDto?> GetAsync(string name, CancellationToken ct)
    {
        await EnsureLoadedAsync(ct).ConfigureAwait(false);
        var entries = _entries!;
        var i = Find(entries, name);
        return i >= 0 ? entries[i].ToDto(time.GetUtcNow()) : null;
    }

    /// <summary>Deletes a window; false when there was none of that name.</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken ct)
    {
        await EnsureLoadedAsync(ct).ConfigureAwait(false);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var deleted = await Store.DeleteAsync(name, ct).ConfigureAwait(false);
            var entries = _entries!;
            var i = Find(entries, name);
            if (i >= 0) _entries = [.. entries[..i], .. entries[(i + 1)..]];
            return deleted || i >= 0;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The first window (by name) that silences <paramref name="alarmName"/> at <paramref name="now"/>, or null.</summary>
    public async Task<MuteWindow?> MutingAsync(string alarmName, DateTimeOffset now, CancellationToken ct)
    {
        await EnsureLoadedAsync(ct).ConfigureAwait(false);
        foreach (var e in _entries!)
        {
            if (e.Window is { } w && w.Mutes(alarmName, now)) return w;
        }

        return null;
    }

    /// <summary>
    /// True when a window silences this action now; then the alarm's history gets an "Action" item saying so (with the
    /// window's name and reason) and the caller must not run the action.
    /// </summary>
    public async Task<bool> SuppressAsync(AlarmActionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        if (await MutingAsync(request.Alarm.AlarmName, now, CancellationToken.None).ConfigureAwait(false) is not { } window) return false;
        if (!AlarmStates.TryParse(request.Alarm.StateValue, out var state)) state = AlarmState.InsufficientData;
        var item = window.MutedAction(request.Alarm.AlarmName, request.Action, state, now);
        await storage.Metadata.Alarms.AppendHistoryAsync([new AlarmHistoryRecord(0, item.AlarmName, item.Timestamp, item.Type.ToString(), item.Summary, item.DataJson)])
            .ConfigureAwait(false);
        return true;
    }

    public void Dispose() => _gate.Dispose();

    private async Task EnsureLoadedAsync(CancellationToken ct)
    {
        if (_entries is not null) return;
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_entries is not null) return;
            var records = await Store.ListAsync(ct).ConfigureAwait(false);
            var list = new List<Entry>(records.Count);
            foreach (var r in records)
            {
                var request = MuteMapping.Parse(r.DefinitionJson);
                list.Add(new Entry(request, MuteMapping.ToWindow(request, out _), r.CreatedAt, r.UpdatedAt));
            }

            list.Sort((a, b) => string.CompareOrdinal(a.Request.Name, b.Request.Name));
            _entries = [.. list];
        }
        finally
        {
            _gate.Release();
        }
    }

    // Binary search by ordinal name; the complement of the insertion point when absent.
    private static int Find(Entry[] entries, string name)
    {
        int lo = 0, hi = entries.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = string.CompareOrdinal(entries[mid].Request.Name, name);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }

        return ~lo;
    }

    private sealed record Entry(PutMuteRequest Request, MuteWindow? Window, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
    {
        public MuteDto ToDto(DateTimeOffset now) => MuteMapping.ToDto(Request, Window, CreatedAt, UpdatedAt, now);
    }
}
