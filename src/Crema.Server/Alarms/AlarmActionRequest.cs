using Crema.Client.Contracts;

namespace Crema.Server.Alarms;

/// <summary>An alarm changed state and its actions are enabled: notify <see cref="Action"/> (a topic name).</summary>
internal sealed record AlarmActionRequest(string Action, MetricAlarmDto Alarm, string PreviousState, IReadOnlyList<(DateTimeOffset At, double Value)> RecentValues);
