namespace Crema.Core.Alarms;

/// <summary>The history item for an action the window silenced.</summary>
public sealed partial class MuteWindow
{
    /// <summary>
    /// An "Action" item saying that <paramref name="action"/> of <paramref name="alarmName"/> was not run because this
    /// window is active: it names the window, its reason and when muting ends.
    /// </summary>
    public AlarmHistoryItem MutedAction(string alarmName, string action, AlarmState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alarmName);
        ArgumentNullException.ThrowIfNull(action);
        var until = NextEnd(now);
        var summary = $"Action {action} muted by mute window \"{Name}\": {Reason}"
                      + (until is { } u ? $" (muted until {u.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)}Z)" : "");
        var data = AlarmText.WriteJson(w =>
        {
            w.WriteStartObject();
            w.WriteString("actionState", "Muted");
            w.WriteString("stateUpdateTimestamp", AlarmText.FormatDataTime(now));
            w.WriteString("stateValue", state.ToName());
            w.WriteString("notificationResource", action);
            w.WriteString("muteWindow", Name);
            w.WriteString("muteReason", Reason);
            if (until is { } e) w.WriteString("mutedUntil", AlarmText.FormatDataTime(e));
            w.WriteEndObject();
        });
        return new AlarmHistoryItem(alarmName, now, AlarmHistoryItemType.Action, summary, data);
    }
}
