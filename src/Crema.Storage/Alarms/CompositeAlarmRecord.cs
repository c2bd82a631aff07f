namespace Crema.Storage.Alarms;

/// <summary>A stored composite alarm: its definition as the API's JSON and its state.</summary>
public sealed record CompositeAlarmRecord(string Name, string DefinitionJson, string State, string StateReason, DateTimeOffset StateUpdatedAt, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
