using System.Text.Json;

namespace Crema.Core.Alarms;

/// <summary>
/// The alarm's life as pure steps: creation (INSUFFICIENT_DATA, as CloudWatch starts every alarm), configuration
/// updates (state kept), evaluations and manual state changes. Each step returns the status to store, the history
/// items to append and the actions to run; the server persists and runs them.
/// </summary>
public static class AlarmStateMachine
{
    /// <summary>CloudWatch's reason for a new alarm.</summary>
    public const string InitialReason = "Unchecked: Initial alarm creation";

    /// <summary>A new alarm: INSUFFICIENT_DATA until its first evaluation; history gets "Alarm "name" created". No actions run.</summary>
    public static AlarmTransition Create(MetricAlarmDefinition definition, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var status = new AlarmStatus(AlarmState.InsufficientData, InitialReason, null, now);
        var fields = MetricAlarmJson.Fields(definition);
        var data = AlarmText.WriteJson(w =>
        {
            w.WriteStartObject();
            w.WriteString("version", "1.0");
            w.WriteString("type", "Create");
            w.WritePropertyName("createdAlarm");
            MetricAlarmJson.WriteObject(w, fields, null);
            w.WriteEndObject();
        });
        var item = new AlarmHistoryItem(definition.Name, now, AlarmHistoryItemType.ConfigurationUpdate, $"Alarm \"{definition.Name}\" created", data);
        return new AlarmTransition(status, false, [item], []);
    }

    /// <summary>
    /// A changed definition (PutMetricAlarm on an existing alarm): the state is kept, as CloudWatch keeps it, and the
    /// history records the new configuration with the previous values of the fields that changed.
    /// </summary>
    public static AlarmTransition Update(MetricAlarmDefinition previous, MetricAlarmDefinition updated, AlarmStatus status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(status);
        var before = MetricAlarmJson.Fields(previous);
        var after = MetricAlarmJson.Fields(updated);
        var afterByName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, raw) in after) afterByName[name] = raw;
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, raw) in before)
            if (!afterByName.TryGetValue(name, out var now2) || now2 != raw) changed.Add(name);

        var data = AlarmText.WriteJson(w =>
        {
            w.WriteStartObject();
            w.WriteString("version", "1.0");
            w.WriteString("type", "Update");
            w.WritePropertyName("updatedAlarm");
            MetricAlarmJson.WriteObject(w, after, null);
            w.WritePropertyName("originalUpdatedFields");
            MetricAlarmJson.WriteObject(w, before, changed);
            w.WriteEndObject();
        });
        var item = new AlarmHistoryItem(updated.Name, now, AlarmHistoryItemType.ConfigurationUpdate, $"Alarm \"{updated.Name}\" updated", data);
        return new AlarmTransition(status, false, [item], []);
    }

    /// <summary>
    /// Applies an evaluation. An unchanged state stores nothing new (CloudWatch keeps the reason of the last
    /// transition); a change stores the new reason, appends a StateUpdate item and returns the new state's actions
    /// when actions are enabled.
    /// </summary>
    public static AlarmTransition Apply(MetricAlarmDefinition definition, AlarmStatus status, AlarmEvaluation evaluation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return Transition(definition, status, evaluation.State, evaluation.Reason, evaluation.ReasonDataJson, now);
    }

    /// <summary>
    /// Sets the state by hand (SetAlarmState): recorded and acted on like an evaluated change; the next evaluation
    /// decides again from the data.
    /// </summary>
    public static AlarmTransition SetState(MetricAlarmDefinition definition, AlarmStatus status, AlarmState state, string reason, string? reasonDataJson, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return Transition(definition, status, state, reason, reasonDataJson, now);
    }

    /// <summary>The history item for an action's outcome, written once the server has run it.</summary>
    public static AlarmHistoryItem ActionResult(string alarmName, string action, AlarmState state, bool succeeded, string? error, DateTimeOffset now)
    {
        var summary = succeeded
            ? $"Successfully executed action {action}"
            : $"Failed to execute action {action}. Received error: \"{error}\"";
        var data = AlarmText.WriteJson(w =>
        {
            w.WriteStartObject();
            w.WriteString("actionState", succeeded ? "Succeeded" : "Failed");
            w.WriteString("stateUpdateTimestamp", AlarmText.FormatDataTime(now));
            w.WriteString("stateValue", state.ToName());
            w.WriteString("notificationResource", action);
            if (!succeeded && error is not null) w.WriteString("error", error);
            w.WriteEndObject();
        });
        return new AlarmHistoryItem(alarmName, now, AlarmHistoryItemType.Action, summary, data);
    }

    private static AlarmTransition Transition(MetricAlarmDefinition definition, AlarmStatus status, AlarmState state, string reason, string? reasonDataJson, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(status);
        if (state == status.State) return new AlarmTransition(status, false, [], []);

        var next = new AlarmStatus(state, reason, reasonDataJson, now);
        var data = AlarmText.WriteJson(w =>
        {
            w.WriteStartObject();
            w.WriteString("version", "1.0");
            WriteState(w, "oldState", status);
            WriteState(w, "newState", next);
            w.WriteEndObject();
        });
        var summary = $"Alarm updated from {status.State.ToName()} to {state.ToName()}";
        var item = new AlarmHistoryItem(definition.Name, now, AlarmHistoryItemType.StateUpdate, summary, data);
        IReadOnlyList<string> actions = definition.ActionsEnabled ? [.. definition.ActionsFor(state)] : [];
        return new AlarmTransition(next, true, [item], actions);
    }

    private static void WriteState(Utf8JsonWriter w, string name, AlarmStatus status)
    {
        w.WriteStartObject(name);
        w.WriteString("stateValue", status.State.ToName());
        w.WriteString("stateReason", status.Reason);
        if (status.ReasonDataJson is { Length: > 0 } raw)
        {
            w.WritePropertyName("stateReasonData");
            w.WriteRawValue(raw);
        }

        w.WriteEndObject();
    }
}
