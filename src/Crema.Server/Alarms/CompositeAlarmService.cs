using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Core.Alarms;
using Crema.Server.Hosting;
using Crema.Server.Notifications;
using Crema.Server.Security;
using Crema.Storage.Alarms;

namespace Crema.Server.Alarms;

/// <summary>
/// Composite alarms: a rule over other alarms' states (<c>ALARM("a") AND NOT OK("b")</c>), evaluated whenever
/// an alarm it reads changes state; composites may read composites (cycles are refused when put).
/// </summary>
internal sealed partial class CompositeAlarmService : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<string, Entry> _composites = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StorageHost _storage;
    private readonly AlarmService _alarms;
    private readonly NotificationPublisher _publisher;
    private readonly MuteService _mutes;
    private readonly TimeProvider _time;
    private readonly ILogger<CompositeAlarmService> _log;

    public CompositeAlarmService(StorageHost storage, AlarmService alarms, NotificationPublisher publisher, MuteService mutes, TimeProvider time, ILogger<CompositeAlarmService> log)
    {
        _storage = storage;
        _alarms = alarms;
        _publisher = publisher;
        _mutes = mutes;
        _time = time;
        _log = log;
        _alarms.StateChanged += names => EvaluateAsync(CancellationToken.None);
    }

    private IAlarmStore Store => _storage.Metadata.Alarms;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var r in await Store.ListCompositesAsync(cancellationToken).ConfigureAwait(false))
        {
            var request = JsonSerializer.Deserialize<PutCompositeAlarmRequest>(r.DefinitionJson, CremaJson.Options)!;
            if (!CompositeRule.TryParse(request.AlarmRule ?? "", out var rule, out _)) continue;
            _composites[r.Name] = new Entry(request, rule!, r.State, r.StateReason, r.StateUpdatedAt);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _gate.Dispose();

    /// <summary>Creates or replaces a composite alarm and evaluates it at once; null and errors when a rule is broken.</summary>
    public async Task<(CompositeAlarmDto? Alarm, Dictionary<string, string[]> Errors)> PutAsync(string name, PutCompositeAlarmRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (name.Length is 0 or > 255) errors["alarmName"] = ["must be 1 to 255 characters"];
        if (request.AlarmDescription is { Length: > 1024 }) errors["alarmDescription"] = ["must be at most 1024 characters"];
        CompositeRule? rule = null;
        if (string.IsNullOrWhiteSpace(request.AlarmRule)) errors["alarmRule"] = ["is required, e.g. ALARM(\"wait-central\") AND NOT OK(\"milk-central\")"];
        else if (!CompositeRule.TryParse(request.AlarmRule, out rule, out var error)) errors["alarmRule"] = [error!.Message];
        if (rule is not null)
        {
            foreach (var child in rule.ReferencedAlarms)
            {
                if (child == name) errors["alarmRule"] = [$"the rule refers to the alarm itself ('{name}')"];
                else if (_alarms.Describe(child) is null && !_composites.ContainsKey(child)) errors["alarmRule"] = [$"no alarm is named '{child}'"];
            }

            var rules = _composites.ToDictionary(c => c.Key, c => c.Value.Rule, StringComparer.Ordinal);
            rules[name] = rule;
            if (CompositeRule.FindCycle(rules) is { } cycle) errors["alarmRule"] = ["the rules form a cycle: " + string.Join(" → ", cycle)];
        }

        foreach (var (field, list) in new[] { ("alarmActions", request.AlarmActions), ("okActions", request.OkActions), ("insufficientDataActions", request.InsufficientDataActions) })
        {
            if (list is { Count: > 5 }) errors[field] = ["at most 5 actions per state"];
        }

        if (errors.Count > 0) return (null, errors);
        var now = _time.GetUtcNow();
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var existing = _composites.TryGetValue(name, out var e) ? e : null;
            var entry = new Entry(request, rule!, existing?.State ?? "INSUFFICIENT_DATA", existing?.Reason ?? "Unchecked: Initial alarm creation", existing?.UpdatedAt ?? now);
            var history = new AlarmHistoryRecord(0, name, now, nameof(AlarmHistoryItemType.ConfigurationUpdate),
                existing is null ? $"Alarm \"{name}\" created" : $"Alarm \"{name}\" updated",
                new JsonObject { ["type"] = existing is null ? "Create" : "Update", ["alarmRule"] = request.AlarmRule }.ToJsonString());
            await Store.SaveCompositeAsync(Record(name, entry, existing is null ? now : now), [history], ct).ConfigureAwait(false);
            _composites[name] = entry;
        }
        finally
        {
            _gate.Release();
        }

        await EvaluateAsync(ct).ConfigureAwait(false);
        return (Describe(name), errors);
    }

    public CompositeAlarmDto? Describe(string name) => _composites.TryGetValue(name, out var e) ? ToDto(name, e) : null;

    public IReadOnlyList<CompositeAlarmDto> DescribeAll() => [.. _composites.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => ToDto(c.Key, c.Value))];

    public async Task<bool> DeleteAsync(string name, CancellationToken ct)
    {
        if (_composites.Values.FirstOrDefault(c => c.Rule.ReferencedAlarms.Contains(name, StringComparer.Ordinal)) is not null)
        {
            throw IdentityException.Conflict("name", $"alarm '{name}' is used by another composite alarm's rule");
        }

        if (!_composites.TryRemove(name, out _)) return false;
        await Store.DeleteCompositeAsync(name, new AlarmHistoryRecord(0, name, _time.GetUtcNow(), nameof(AlarmHistoryItemType.ConfigurationUpdate), $"Alarm \"{name}\" deleted", null), ct)
            .ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Sets the state by hand (SetAlarmState, for testing actions): stored, in the history and notified like an evaluated
    /// change. The rule decides again when an alarm it reads next changes state. False when there is no such composite.
    /// </summary>
    public async Task<bool> SetStateAsync(string name, AlarmState state, string reason, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!_composites.TryGetValue(name, out var entry)) return false;
            var now = _time.GetUtcNow();
            var previous = entry.State;
            var next = entry with { State = state.ToName(), Reason = reason, UpdatedAt = now };
            var history = new AlarmHistoryRecord(0, name, now, nameof(AlarmHistoryItemType.StateUpdate), $"Alarm updated from {previous} to {next.State}",
                new JsonObject { ["oldState"] = new JsonObject { ["stateValue"] = previous }, ["newState"] = new JsonObject { ["stateValue"] = next.State, ["stateReason"] = reason } }.ToJsonString());
            await Store.SaveCompositeAsync(Record(name, next, now), [history], ct).ConfigureAwait(false);
            _composites[name] = next;
            if (previous != next.State) await NotifyAsync(name, next, previous, ct).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Turns the composite's actions on or off (a configuration update); false when there is no such composite.</summary>
    public async Task<bool> SetActionsEnabledAsync(string name, bool enabled, CancellationToken ct)
    {
        if (!_composites.TryGetValue(name, out var entry)) return false;
        var (alarm, _) = await PutAsync(name, entry.Request with { ActionsEnabled = enabled }, ct).ConfigureAwait(false);
        return alarm is not null;
    }

    /// <summary>Whether a metric alarm is read by some composite (it cannot be deleted then).</summary>
    public string? UsedBy(string alarmName) => _composites.FirstOrDefault(c => c.Value.Rule.ReferencedAlarms.Contains(alarmName, StringComparer.Ordinal)).Key;

    /// <summary>Re-evaluates every composite until nothing changes (composites of composites settle in a few passes).</summary>
    public async Task EvaluateAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            string? StateOf(string alarm) => _alarms.Describe(alarm)?.StateValue ?? (_composites.TryGetValue(alarm, out var c) ? c.State : null);
            for (var pass = 0; pass <= CompositeRule.MaxDepth; pass++)
            {
                var changed = false;
                foreach (var (name, entry) in _composites)
                {
                    var alarm = entry.Rule.Evaluate(StateOf);
                    var state = alarm ? "ALARM" : "OK";
                    if (state == entry.State) continue;
                    var now = _time.GetUtcNow();
                    var reason = $"{(alarm ? "Rule is true" : "Rule is false")}: {entry.Rule.Explain(StateOf)}";
                    var previous = entry.State;
                    var next = entry with { State = state, Reason = reason, UpdatedAt = now };
                    var history = new AlarmHistoryRecord(0, name, now, nameof(AlarmHistoryItemType.StateUpdate), $"Alarm updated from {previous} to {state}",
                        new JsonObject { ["oldState"] = new JsonObject { ["stateValue"] = previous }, ["newState"] = new JsonObject { ["stateValue"] = state, ["stateReason"] = reason } }.ToJsonString());
                    await Store.SaveCompositeAsync(Record(name, next, now), [history], ct).ConfigureAwait(false);
                    _composites[name] = next;
                    changed = true;
                    await NotifyAsync(name, next, previous, ct).ConfigureAwait(false);
                }

                if (!changed) break;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task NotifyAsync(string name, Entry entry, string previous, CancellationToken ct)
    {
        if (!(entry.Request.ActionsEnabled ?? true)) return;
        var actions = entry.State switch
        {
            "ALARM" => entry.Request.AlarmActions,
            "OK" => entry.Request.OkActions,
            _ => entry.Request.InsufficientDataActions,
        } ?? [];
        var state = AlarmStates.TryParse(entry.State, out var parsed) ? parsed : AlarmState.InsufficientData;
        foreach (var topic in actions)
        {
            if (await _mutes.MutingAsync(name, _time.GetUtcNow(), ct).ConfigureAwait(false) is { } window)
            {
                var muted = window.MutedAction(name, topic, state, _time.GetUtcNow());
                await Store.AppendHistoryAsync([new AlarmHistoryRecord(0, name, muted.Timestamp, muted.Type.ToString(), muted.Summary, muted.DataJson)], ct).ConfigureAwait(false);
                continue;
            }

            var body = new JsonObject
            {
                ["type"] = "alarm.state-change",
                ["alarmName"] = name,
                ["alarmRule"] = entry.Request.AlarmRule,
                ["alarmDescription"] = entry.Request.AlarmDescription,
                ["newState"] = entry.State,
                ["oldState"] = previous,
                ["reason"] = entry.Reason,
                ["stateChangeTime"] = entry.UpdatedAt,
            };
            var message = new NotificationMessage("alarm", name, $"{entry.State}: \"{name}\" (composite)", $"Alarm \"{name}\" changed from {previous} to {entry.State}.\n{entry.Reason}", body, null);
            try
            {
                await _publisher.PublishAsync(topic, message, ct).ConfigureAwait(false);
            }
            catch (IdentityException ex)
            {
                var item = AlarmStateMachine.ActionResult(name, topic, state, false, ex.Message, _time.GetUtcNow());
                await Store.AppendHistoryAsync([new AlarmHistoryRecord(0, name, item.Timestamp, item.Type.ToString(), item.Summary, item.DataJson)], ct).ConfigureAwait(false);
                Log.ActionFailed(_log, name, topic);
            }
        }
    }

    private static CompositeAlarmRecord Record(string name, Entry e, DateTimeOffset updated) =>
        new(name, JsonSerializer.Serialize(e.Request, CremaJson.Options), e.State, e.Reason, e.UpdatedAt, updated, updated);

    private static CompositeAlarmDto ToDto(string name, Entry e) => new()
    {
        AlarmName = name,
        AlarmRule = e.Rule.Text,
        AlarmDescription = e.Request.AlarmDescription,
        ActionsEnabled = e.Request.ActionsEnabled ?? true,
        AlarmActions = e.Request.AlarmActions ?? [],
        OkActions = e.Request.OkActions ?? [],
        InsufficientDataActions = e.Request.InsufficientDataActions ?? [],
        StateValue = e.State,
        StateReason = e.Reason,
        StateUpdatedTimestamp = e.UpdatedAt,
    };

    private sealed record Entry(PutCompositeAlarmRequest Request, CompositeRule Rule, string State, string Reason, DateTimeOffset UpdatedAt);

    private static partial class Log
    {
        [LoggerMessage(2210, LogLevel.Warning, "Composite alarm {Alarm} could not notify topic {Topic}")]
        public static partial void ActionFailed(ILogger logger, string alarm, string topic);
    }
}
