namespace Crema.Core.Audit;

/// <summary>Checks stored audit rows against the hash chain and the signed digests, and names what was tampered with.</summary>
public static class AuditVerifier
{
    /// <summary>
    /// Verifies rows (ordered by sequence; already limited to the range is fine) against the digests, trusting only
    /// digests signed by one of trustedKeys. Pure: no I/O, no clock.
    /// </summary>
    public static AuditVerificationReport Verify(
        IReadOnlyList<StoredAuditEvent> eventsOrderedBySequence,
        IReadOnlyList<AuditDigest> digests,
        IReadOnlyCollection<AuditPublicKey> trustedKeys,
        AuditVerifyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(eventsOrderedBySequence);
        ArgumentNullException.ThrowIfNull(digests);
        ArgumentNullException.ThrowIfNull(trustedKeys);
        return new AuditVerificationRun(eventsOrderedBySequence, digests, trustedKeys, options ?? new AuditVerifyOptions()).Run();
    }
}
