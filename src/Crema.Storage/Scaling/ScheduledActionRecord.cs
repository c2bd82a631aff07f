namespace Crema.Storage.Scaling;

/// <summary>A stored scheduled action of one target, as JSON, with when it last ran.</summary>
public sealed record ScheduledActionRecord(string TargetName, string Name, string DefinitionJson, DateTimeOffset? LastRunAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
