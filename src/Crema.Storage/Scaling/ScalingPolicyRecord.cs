namespace Crema.Storage.Scaling;

/// <summary>A stored scaling policy of one target: its type (TargetTracking, StepScaling) and its request as JSON.</summary>
public sealed record ScalingPolicyRecord(string TargetName, string Name, string PolicyType, string DefinitionJson, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
