namespace Crema.Storage.Scaling;

/// <summary>A stored scalable target: its definition and state as JSON, and its protected webhook secret.</summary>
public sealed record ScalingTargetRecord(string Name, string DefinitionJson, string? SecretProtected, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
