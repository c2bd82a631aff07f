namespace Crema.Core.Audit;

/// <summary>What kind of tampering (or damage) a verification found.</summary>
public enum AuditFindingKind
{
    /// <summary>A body, or an index column, no longer matches what was hashed and signed.</summary>
    EventAltered,

    /// <summary>A signed event has no row any more (rows after it may have been renumbered).</summary>
    EventRemoved,

    /// <summary>A row holds an event no digest signed, where a signed event belongs.</summary>
    EventInserted,

    /// <summary>Rows hold signed events at the wrong sequences (contents swapped or moved).</summary>
    EventsReordered,

    /// <summary>Signed events at the end of the log are missing.</summary>
    TailTruncated,

    /// <summary>Stored hash columns do not link up although the bodies are intact (hashes rewritten).</summary>
    ChainBroken,

    /// <summary>A digest's signature does not verify with the trusted key it names.</summary>
    DigestSignatureInvalid,

    /// <summary>A digest differs from its exported copy, or is signed but internally inconsistent.</summary>
    DigestForged,

    /// <summary>A digest is missing: a gap in digest sequences, or an exported copy with no database row.</summary>
    DigestRemoved,

    /// <summary>A digest does not commit to its predecessor (previous digest hash or event range).</summary>
    DigestChainBroken,

    /// <summary>A digest names a signing key that is not among the trusted keys.</summary>
    UnknownSigningKey,
}
