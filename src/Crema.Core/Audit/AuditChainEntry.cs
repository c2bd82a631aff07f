namespace Crema.Core.Audit;

/// <summary>An event's sequence and chain hash: what a digest needs to know about it.</summary>
public readonly record struct AuditChainEntry(long Sequence, string Hash);
