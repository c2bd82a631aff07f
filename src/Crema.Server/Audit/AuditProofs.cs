using System.Text.Json.Nodes;
using Crema.Client.Contracts;
using Crema.Core.Audit;
using Crema.Storage.Audit;

namespace Crema.Server.Audit;

/// <summary>Reads a trail (events and digests) for verification, and builds inclusion proofs.</summary>
public static class AuditProofs
{
    /// <summary>Verifies the events in [from, to] (whole trail when null) against the stored digests and the trusted keys.</summary>
    public static async Task<AuditVerificationReport> VerifyAsync(SqliteAuditStore store, IReadOnlyCollection<AuditPublicKey> trusted, DateTimeOffset? from, DateTimeOffset? to,
        IReadOnlyList<AuditDigest>? externalCopies, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        long? fromSeq = from is { } f ? await store.FirstSequenceAtOrAfterAsync(f, ct).ConfigureAwait(false) ?? long.MaxValue : null;
        long? toSeq = to is { } t ? await store.LastSequenceBeforeAsync(t, ct).ConfigureAwait(false) ?? 0 : null;
        // Digests first: one signed between the two reads would otherwise cover events not read (a false truncated tail).
        var digests = new List<AuditDigest>();
        foreach (var body in await store.ListDigestBodiesAsync(ct).ConfigureAwait(false))
        {
            digests.Add(AuditDigests.Parse(body));
        }

        var events = new List<StoredAuditEvent>();
        var next = 0L;
        while (true)
        {
            var page = await store.ReadRangeAsync(next, long.MaxValue, 10_000, ct).ConfigureAwait(false);
            if (page.Count == 0) break;
            events.AddRange(page);
            next = page[^1].Sequence + 1;
        }

        return AuditVerifier.Verify(events, digests, trusted, new AuditVerifyOptions { FromSequence = fromSeq, ToSequence = toSeq, ExternalCopies = externalCopies });
    }

    /// <summary>The proof that one event is in a signed digest, or null when the event is unknown or not yet digested.</summary>
    public static async Task<AuditProofResponse?> ProveAsync(SqliteAuditStore store, string eventId, string publicKeyPem, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var e = await store.FindAsync(eventId, ct).ConfigureAwait(false);
        if (e is null) return null;
        foreach (var body in await store.ListDigestBodiesAsync(ct).ConfigureAwait(false))
        {
            var d = AuditDigests.Parse(body);
            if (e.Sequence < d.FirstEventSequence || e.Sequence > d.LastEventSequence) continue;
            var leaves = d.EventHashes.Select(AuditHash.FromHex).ToList();
            var index = (int)(e.Sequence - d.FirstEventSequence);
            var proof = MerkleTree.InclusionProof(leaves, index).Select(h => AuditHash.ToHex(h)).ToList();
            return new AuditProofResponse(e.Body, e.Hash, e.PreviousHash, index, leaves.Count, proof, (JsonObject)JsonNode.Parse(body)!, publicKeyPem);
        }

        return new AuditProofResponse(e.Body, e.Hash, e.PreviousHash, -1, 0, [], [], publicKeyPem);
    }

    /// <summary>Checks a proof with nothing but its own content and a trusted public key; null when it holds, else why not.</summary>
    public static string? CheckProof(AuditProofResponse proof, AuditPublicKey trusted)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(trusted);
        if (proof.LeafIndex < 0) return "the event is not yet covered by a digest; try again after the next digest";
        if (AuditHash.Chain(proof.PreviousHash, proof.EventBody) != proof.EventHash) return "the event body does not hash to the event hash";
        var digest = AuditDigests.Parse(proof.Digest.ToJsonString());
        if (!AuditDigests.VerifySignature(digest, trusted)) return $"digest {digest.DigestSequence} is not signed by key {trusted.KeyId}";
        var ok = MerkleTree.VerifyInclusion(AuditHash.FromHex(proof.EventHash), proof.LeafIndex, proof.TreeSize, proof.Proof.Select(AuditHash.FromHex).ToList(),
            AuditHash.FromHex(digest.MerkleRoot));
        return ok ? null : $"the inclusion proof does not lead to digest {digest.DigestSequence}'s Merkle root";
    }

    /// <summary>The API form of a report.</summary>
    public static AuditVerifyResponse ToDto(AuditVerificationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new AuditVerifyResponse(report.Ok, report.EventsChecked, report.DigestsChecked, report.EventsNotYetDigested,
            report.Findings.Select(f => new AuditFindingDto(f.Kind.ToString(), f.Sequence, f.EventId, f.DigestSequence, f.Message)).ToList());
    }

    /// <summary>The API form of a stored event (parsed from its body, which is what the chain protects).</summary>
    public static AuditEventDto ToDto(StoredAuditEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var e = AuditEventCodec.Parse(stored.Body);
        return new AuditEventDto
        {
            Sequence = e.Sequence,
            EventId = e.EventId,
            Time = e.Time,
            EventName = e.EventName,
            EventSource = e.EventSource,
            Identity = new AuditIdentityDto(e.Identity.UserName, e.Identity.AccessKeyId, e.Identity.AuthMethod, e.Identity.MfaUsed),
            SourceAddress = e.SourceAddress,
            UserAgent = e.UserAgent,
            RequestParameters = e.RequestParameters,
            ResponseSummary = e.ResponseSummary,
            StatusCode = e.StatusCode,
            ErrorCode = e.ErrorCode,
            ErrorMessage = e.ErrorMessage,
            ReadOnly = e.ReadOnly,
            DataEvent = e.DataEvent,
            Resources = e.Resources,
            Hash = stored.Hash,
            PreviousHash = stored.PreviousHash,
        };
    }
}
