namespace Crema.Storage.Alarms;

/// <summary>A stored mute window: its definition as the API's JSON, and when it was made and last replaced.</summary>
public sealed record MuteRecord(string Name, string DefinitionJson, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
