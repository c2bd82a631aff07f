namespace Crema.Storage.Alarms;

/// <summary>A stored alarm: its definition as the API's JSON, its state and when each changed.</summary>
public sealed record AlarmRecord(
    string Name,
    string DefinitionJson,
    string State,
    string StateReason,
    string? StateReasonData,
    DateTimeOffset StateUpdatedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A stored history entry.</summary>
public sealed record AlarmHistoryRecord(long Id, string AlarmName, DateTimeOffset At, string Type, string Summary, string? Data);

/// <summary>One alarm's new state with the history items that explain it.</summary>
public sealed record AlarmStateUpdate(string Name, string State, string Reason, string? ReasonData, DateTimeOffset At, IReadOnlyList<AlarmHistoryRecord> History);
