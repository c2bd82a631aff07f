namespace Crema.Core.Audit;

internal sealed partial class AuditVerificationRun
{
    /// <summary>
    /// Decides which digests can be trusted (signature by a trusted key, consistent, equal to any exported copy),
    /// reports the ones that cannot, checks the digest chain, and records what the trusted ones expect.
    /// </summary>
    private void CheckDigests()
    {
        var database = new SortedDictionary<long, AuditDigest>();
        foreach (var d in _digests)
        {
            if (!database.TryAdd(d.DigestSequence, d))
            {
                Add(d.FirstEventSequence, AuditFindingKind.DigestForged, null, null, d.DigestSequence,
                    "digest " + d.DigestSequence + " appears more than once in the database: one copy was forged.");
            }
        }

        var external = new Dictionary<long, AuditDigest>();
        foreach (var d in _options.ExternalCopies ?? [])
        {
            external.TryAdd(d.DigestSequence, d);
        }

        var all = new SortedSet<long>(database.Keys);
        all.UnionWith(external.Keys);
        _digestsChecked = all.Count;

        var effective = new Dictionary<long, AuditDigest>();
        var trusted = new Dictionary<long, AuditDigest>();
        foreach (var seq in all)
        {
            database.TryGetValue(seq, out var db);
            external.TryGetValue(seq, out var copy);
            var digest = copy ?? db!;
            if (db is null)
            {
                Add(copy!.FirstEventSequence, AuditFindingKind.DigestRemoved, null, null, seq,
                    "digest " + seq + " (events " + Range(copy) + ") was removed from the database; its exported copy is used instead.");
            }
            else if (copy is not null
                && !string.Equals(AuditDigests.Serialize(db), AuditDigests.Serialize(copy), StringComparison.Ordinal))
            {
                Add(copy.FirstEventSequence, AuditFindingKind.DigestForged, null, null, seq,
                    "digest " + seq + " in the database differs from its exported copy: it was replaced or altered"
                    + (db.MerkleRoot != copy.MerkleRoot ? " (its Merkle root was changed)" : "")
                    + "; the exported copy is used instead.");
            }

            effective[seq] = digest;
            _lastDigested = Math.Max(_lastDigested, digest.LastEventSequence);
            if (IsTrustworthy(digest))
            {
                trusted[seq] = digest;
            }
        }

        CheckDigestChain(all, effective, trusted);

        foreach (var (seq, d) in trusted)
        {
            if (seq == 1)
            {
                _anchors[d.FirstEventSequence - 1] = AuditHash.Genesis;
            }
            else if (trusted.TryGetValue(seq - 1, out var previous)
                && previous.LastEventSequence == d.FirstEventSequence - 1)
            {
                _anchors[d.FirstEventSequence - 1] = previous.LastEventHash;
            }

            for (var i = 0; i < d.EventHashes.Count; i++)
            {
                var position = d.FirstEventSequence + i;
                _expected[position] = (d.EventHashes[i], seq);
                _positionOfHash.TryAdd(d.EventHashes[i], position);
            }
        }
    }

    private bool IsTrustworthy(AuditDigest d)
    {
        if (!_keys.TryGetValue(d.KeyId, out var key))
        {
            Add(d.FirstEventSequence, AuditFindingKind.UnknownSigningKey, null, null, d.DigestSequence,
                "digest " + d.DigestSequence + " (events " + Range(d) + ") is signed with key " + d.KeyId
                + ", which is not a trusted key: it was replaced or forged.");
            return false;
        }

        if (!AuditDigests.VerifySignature(d, key))
        {
            Add(d.FirstEventSequence, AuditFindingKind.DigestSignatureInvalid, null, null, d.DigestSequence,
                "digest " + d.DigestSequence + " (events " + Range(d) + ") does not match its signature by key " + d.KeyId
                + ": its contents were altered after signing.");
            return false;
        }

        if (!AuditDigests.IsConsistent(d, out var problem))
        {
            Add(d.FirstEventSequence, AuditFindingKind.DigestForged, null, null, d.DigestSequence,
                "digest " + d.DigestSequence + " carries a valid signature but " + problem + ".");
            return false;
        }

        return true;
    }

    private void CheckDigestChain(SortedSet<long> all, Dictionary<long, AuditDigest> effective, Dictionary<long, AuditDigest> trusted)
    {
        if (all.Count == 0)
        {
            return;
        }

        // Digest numbers start at 1 and have no gaps; a missing number is a deleted digest.
        long expectedNext = 1;
        foreach (var seq in all)
        {
            for (var missing = expectedNext; missing < seq; missing++)
            {
                var before = effective.GetValueOrDefault(missing - 1);
                var after = effective[seq];
                var firstEvent = before is null ? 1 : before.LastEventSequence + 1;
                Add(firstEvent, AuditFindingKind.DigestRemoved, null, null, missing,
                    "digest " + missing + " was removed: digest numbers jump from " + (seq == all.Min && missing == 1 ? "the start" : (missing - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))
                    + " to " + seq + " (its events, about " + firstEvent + " to " + (after.FirstEventSequence - 1) + ", are checked by their chain only).");
            }

            expectedNext = seq + 1;
        }

        foreach (var (seq, d) in trusted)
        {
            if (seq == 1)
            {
                if (d.PreviousDigestHash != AuditHash.Genesis)
                {
                    Add(d.FirstEventSequence, AuditFindingKind.DigestChainBroken, null, null, seq,
                        "digest 1 does not start the digest chain: its previous digest hash is not the genesis hash.");
                }

                continue;
            }

            // A predecessor that is missing or untrusted has been reported already; the break is explained by it.
            if (!trusted.TryGetValue(seq - 1, out var previous))
            {
                continue;
            }

            if (d.PreviousDigestHash != AuditDigests.Hash(previous))
            {
                Add(d.FirstEventSequence, AuditFindingKind.DigestChainBroken, null, null, seq,
                    "digest " + seq + " does not commit to digest " + (seq - 1) + " as stored: digest " + (seq - 1)
                    + " was replaced (and re-signed with a trusted key) or digest " + seq + " was.");
            }
            else if (d.FirstEventSequence != previous.LastEventSequence + 1)
            {
                Add(d.FirstEventSequence, AuditFindingKind.DigestChainBroken, null, null, seq,
                    "digest " + seq + " starts at event " + d.FirstEventSequence + " but digest " + (seq - 1)
                    + " ended at event " + previous.LastEventSequence + ".");
            }
        }
    }

    private static string Range(AuditDigest d) =>
        d.EventCount == 0 ? "none" : d.FirstEventSequence + " to " + d.LastEventSequence;
}
