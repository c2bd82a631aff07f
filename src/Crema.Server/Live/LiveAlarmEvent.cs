namespace Crema.Server.Live;

/// <summary>One alarm state change as the live stream sends it.</summary>
public sealed record LiveAlarmEvent(long Id, string AlarmName, string State, string PreviousState, string Reason, DateTimeOffset Time);
