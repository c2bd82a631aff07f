namespace Crema.Core.Audit;

/// <summary>What an audit verification covers and what outside evidence it may use.</summary>
public sealed record AuditVerifyOptions
{
    /// <summary>First event sequence to check (inclusive); null = from the start. Digests are always all checked.</summary>
    public long? FromSequence { get; init; }

    /// <summary>Last event sequence to check (inclusive); null = to the end.</summary>
    public long? ToSequence { get; init; }

    /// <summary>
    /// Digests exported elsewhere. A database digest that differs from its copy is reported as forged and the
    /// copy is used instead; a copy with no database digest is reported as removed and used instead.
    /// </summary>
    public IReadOnlyList<AuditDigest>? ExternalCopies { get; init; }
}
