using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Crema.Core.Audit;

/// <summary>Creates, signs, serialises, hashes and checks audit digests (docs/formats/audit.md).</summary>
public static class AuditDigests
{
    /// <summary>The value of the "format" property every digest JSON starts with.</summary>
    public const string Format = "crema-audit-digest-v1";

    private const string What = "audit digest";

    /// <summary>The deterministic JSON of everything except the signature: the bytes that are signed.</summary>
    public static string SignedBody(AuditDigest d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return AuditJson.Write(w =>
        {
            w.WriteStartObject();
            WriteSignedProperties(w, d);
            w.WriteEndObject();
        });
    }

    /// <summary>The full JSON including the signature, for export files and the API.</summary>
    public static string Serialize(AuditDigest d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return AuditJson.Write(w =>
        {
            w.WriteStartObject();
            WriteSignedProperties(w, d);
            w.WriteString("signature", d.Signature);
            w.WriteEndObject();
        });
    }

    /// <summary>Hex SHA-256 of UTF-8(SignedBody + Signature): what the next digest's PreviousDigestHash holds.</summary>
    public static string Hash(AuditDigest d) => AuditHash.Sha256Hex(SignedBody(d) + d.Signature);

    /// <summary>Reads the full digest JSON; throws FormatException naming the field and the rule.</summary>
    public static AuditDigest Parse(string json)
    {
        using var doc = AuditJson.ParseDocument(json, What);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var d = new AuditDigest();
        List<string> hashes = [];
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            AuditJson.MarkSeen(seen, p.Name, What);
            var v = p.Value;
            d = p.Name switch
            {
                "format" => AuditJson.ReadString(v, "format") == Format ? d : throw AuditJson.Fail("format", "must be " + Format),
                "digestSequence" => d with { DigestSequence = ReadPositive(v, "digestSequence") },
                "periodStart" => d with { PeriodStart = AuditJson.ReadTime(v, "periodStart") },
                "periodEnd" => d with { PeriodEnd = AuditJson.ReadTime(v, "periodEnd") },
                "createdAt" => d with { CreatedAt = AuditJson.ReadTime(v, "createdAt") },
                "firstEventSequence" => d with { FirstEventSequence = ReadPositive(v, "firstEventSequence") },
                "lastEventSequence" => d with { LastEventSequence = ReadNonNegative(v, "lastEventSequence") },
                "eventCount" => d with { EventCount = ReadNonNegative(v, "eventCount") },
                "lastEventHash" => d with { LastEventHash = AuditJson.ReadHash(v, "lastEventHash") },
                "merkleRoot" => d with { MerkleRoot = AuditJson.ReadHash(v, "merkleRoot") },
                "eventHashes" => d with { EventHashes = ReadHashes(v, hashes) },
                "previousDigestHash" => d with { PreviousDigestHash = AuditJson.ReadHash(v, "previousDigestHash") },
                "keyId" => d with { KeyId = AuditJson.ReadNonEmptyString(v, "keyId") },
                "signature" => d with { Signature = AuditJson.ReadNonEmptyString(v, "signature") },
                _ => throw new FormatException(What + ": unknown property '" + p.Name + "'."),
            };
        }

        foreach (var required in s_required)
        {
            AuditJson.Require(seen, required, What);
        }

        return d;
    }

    public static bool TryParse(string json, out AuditDigest? digest, out string? error)
    {
        try
        {
            digest = Parse(json);
            error = null;
            return true;
        }
        catch (FormatException ex)
        {
            digest = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>
    /// Builds and signs the next digest. Events must be consecutive and follow the previous digest's last event;
    /// with none, the digest is empty (FirstEventSequence = next sequence, EventCount 0).
    /// </summary>
    public static AuditDigest Create(AuditDigest? previousDigest, IReadOnlyList<AuditChainEntry> events,
        DateTimeOffset periodStart, DateTimeOffset periodEnd, DateTimeOffset createdAt, AuditSigner signer)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(signer);
        var next = previousDigest is null ? (events.Count > 0 ? events[0].Sequence : 1) : previousDigest.LastEventSequence + 1;
        var hashes = new string[events.Count];
        var leaves = new byte[events.Count][];
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Sequence != next + i)
            {
                throw new ArgumentException("events[" + i + "] has sequence " + events[i].Sequence + " but " + (next + i)
                    + " was expected: a digest covers consecutive events following the previous digest.", nameof(events));
            }

            if (!AuditHash.IsHash(events[i].Hash))
            {
                throw new ArgumentException("events[" + i + "].Hash must be 64 lowercase hex digits.", nameof(events));
            }

            hashes[i] = events[i].Hash;
            leaves[i] = AuditHash.FromHex(events[i].Hash);
        }

        var unsigned = new AuditDigest
        {
            DigestSequence = previousDigest is null ? 1 : previousDigest.DigestSequence + 1,
            PeriodStart = periodStart,
            PeriodEnd = periodEnd,
            CreatedAt = createdAt,
            FirstEventSequence = next,
            LastEventSequence = next + events.Count - 1,
            EventCount = events.Count,
            LastEventHash = events.Count > 0 ? hashes[^1] : previousDigest?.LastEventHash ?? AuditHash.Genesis,
            MerkleRoot = AuditHash.ToHex(MerkleTree.Root(leaves)),
            EventHashes = hashes,
            PreviousDigestHash = previousDigest is null ? AuditHash.Genesis : Hash(previousDigest),
            KeyId = signer.KeyId,
        };
        return unsigned with { Signature = signer.Sign(Encoding.UTF8.GetBytes(SignedBody(unsigned))) };
    }

    /// <summary>Create from stored rows (their Sequence and Hash columns).</summary>
    public static AuditDigest Create(AuditDigest? previousDigest, IReadOnlyList<StoredAuditEvent> events,
        DateTimeOffset periodStart, DateTimeOffset periodEnd, DateTimeOffset createdAt, AuditSigner signer)
    {
        ArgumentNullException.ThrowIfNull(events);
        var entries = new AuditChainEntry[events.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = new AuditChainEntry(events[i].Sequence, events[i].Hash);
        }

        return Create(previousDigest, entries, periodStart, periodEnd, createdAt, signer);
    }

    /// <summary>True when the signature over SignedBody verifies with this key and the key ids agree.</summary>
    public static bool VerifySignature(AuditDigest d, AuditPublicKey key)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(key);
        return string.Equals(d.KeyId, key.KeyId, StringComparison.Ordinal)
            && key.Verify(Encoding.UTF8.GetBytes(SignedBody(d)), d.Signature);
    }

    /// <summary>
    /// Checks the digest agrees with itself: counts and sequences, hash formats, LastEventHash and the Merkle
    /// root over EventHashes. Says nothing about the signature or the events.
    /// </summary>
    public static bool IsConsistent(AuditDigest d, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(d);
        problem = null;
        if (d.EventHashes is null || d.EventCount != d.EventHashes.Count)
        {
            problem = "its eventCount does not match the number of event hashes";
        }
        else if (d.LastEventSequence - d.FirstEventSequence + 1 != d.EventCount)
        {
            problem = "its event sequences " + d.FirstEventSequence + ".." + d.LastEventSequence + " do not span eventCount " + d.EventCount;
        }
        else if (!AuditHash.IsHash(d.MerkleRoot) || !AuditHash.IsHash(d.LastEventHash) || !AuditHash.IsHash(d.PreviousDigestHash))
        {
            problem = "a hash field is not 64 lowercase hex digits";
        }
        else
        {
            var leaves = new byte[d.EventHashes.Count][];
            for (var i = 0; i < leaves.Length; i++)
            {
                if (!AuditHash.IsHash(d.EventHashes[i]))
                {
                    problem = "eventHashes[" + i + "] is not 64 lowercase hex digits";
                    return false;
                }

                leaves[i] = AuditHash.FromHex(d.EventHashes[i]);
            }

            if (leaves.Length > 0 && !string.Equals(d.LastEventHash, d.EventHashes[^1], StringComparison.Ordinal))
            {
                problem = "its lastEventHash is not its last event hash";
            }
            else if (!CryptographicOperations.FixedTimeEquals(MerkleTree.Root(leaves), AuditHash.FromHex(d.MerkleRoot)))
            {
                problem = "its Merkle root does not match its event hashes";
            }
        }

        return problem is null;
    }

    private static readonly string[] s_required =
    [
        "format", "digestSequence", "periodStart", "periodEnd", "createdAt", "firstEventSequence", "lastEventSequence",
        "eventCount", "lastEventHash", "merkleRoot", "eventHashes", "previousDigestHash", "keyId", "signature",
    ];

    private static void WriteSignedProperties(Utf8JsonWriter w, AuditDigest d)
    {
        w.WriteString("format", Format);
        w.WriteNumber("digestSequence", d.DigestSequence);
        w.WriteString("periodStart", AuditJson.FormatTime(d.PeriodStart));
        w.WriteString("periodEnd", AuditJson.FormatTime(d.PeriodEnd));
        w.WriteString("createdAt", AuditJson.FormatTime(d.CreatedAt));
        w.WriteNumber("firstEventSequence", d.FirstEventSequence);
        w.WriteNumber("lastEventSequence", d.LastEventSequence);
        w.WriteNumber("eventCount", d.EventCount);
        w.WriteString("lastEventHash", d.LastEventHash);
        w.WriteString("merkleRoot", d.MerkleRoot);
        w.WriteStartArray("eventHashes");
        foreach (var h in d.EventHashes)
        {
            w.WriteStringValue(h);
        }

        w.WriteEndArray();
        w.WriteString("previousDigestHash", d.PreviousDigestHash);
        w.WriteString("keyId", d.KeyId);
    }

    private static long ReadPositive(JsonElement v, string field)
    {
        var n = AuditJson.ReadInt64(v, field);
        return n >= 1 ? n : throw AuditJson.Fail(field, "must be 1 or more");
    }

    private static long ReadNonNegative(JsonElement v, string field)
    {
        var n = AuditJson.ReadInt64(v, field);
        return n >= 0 ? n : throw AuditJson.Fail(field, "must be 0 or more");
    }

    private static List<string> ReadHashes(JsonElement v, List<string> into)
    {
        if (v.ValueKind != JsonValueKind.Array)
        {
            throw AuditJson.Fail("eventHashes", "must be an array of hashes");
        }

        foreach (var item in v.EnumerateArray())
        {
            into.Add(AuditJson.ReadHash(item, "eventHashes[]"));
        }

        return into;
    }
}
