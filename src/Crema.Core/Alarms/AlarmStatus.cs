namespace Crema.Core.Alarms;

/// <summary>What the server stores about an alarm's state: the state, its reason in words and data, and when it was last set.</summary>
public sealed record AlarmStatus(
    AlarmState State,
    string Reason,
    string? ReasonDataJson,
    DateTimeOffset UpdatedAt);
