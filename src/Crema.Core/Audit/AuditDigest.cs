namespace Crema.Core.Audit;

/// <summary>A signed commitment to the events of one period: their hashes, Merkle root and the previous digest.</summary>
public sealed record AuditDigest
{
    /// <summary>1, 2, 3… with no gaps.</summary>
    public long DigestSequence { get; init; }

    public DateTimeOffset PeriodStart { get; init; }

    public DateTimeOffset PeriodEnd { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Sequence of the first covered event; for an empty period, the next sequence (LastEventSequence + 1).</summary>
    public long FirstEventSequence { get; init; }

    public long LastEventSequence { get; init; }

    public long EventCount { get; init; }

    /// <summary>Chain hash of the last covered event, or the previous digest's LastEventHash (Genesis) when empty.</summary>
    public string LastEventHash { get; init; } = AuditHash.Genesis;

    /// <summary>Hex RFC 6962 root over <see cref="EventHashes"/>.</summary>
    public string MerkleRoot { get; init; } = "";

    /// <summary>Hex chain hashes of every covered event in sequence order.</summary>
    public IReadOnlyList<string> EventHashes { get; init; } = [];

    /// <summary><see cref="AuditDigests.Hash"/> of the previous digest; Genesis for the first.</summary>
    public string PreviousDigestHash { get; init; } = AuditHash.Genesis;

    public string KeyId { get; init; } = "";

    /// <summary>Base64 ECDSA P-256 signature (P1363) over the UTF-8 bytes of <see cref="AuditDigests.SignedBody"/>.</summary>
    public string Signature { get; init; } = "";
}
