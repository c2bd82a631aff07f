namespace Crema.Core.Audit;

/// <summary>
/// One audit row as the store holds it: the hashed body, its chain hashes and the index columns lookups filter on
/// (which must agree with the body; a difference is an alteration too).
/// </summary>
public sealed record StoredAuditEvent(
    long Sequence,
    string Body,
    string Hash,
    string PreviousHash,
    string EventId,
    long TimeUnixMs,
    string EventName,
    string? UserName,
    bool ReadOnly,
    string? ErrorCode)
{
    /// <summary>Serialises an event and chains it after previousHash, filling the index columns from it.</summary>
    public static StoredAuditEvent Create(AuditEvent e, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(e);
        var body = AuditEventCodec.Serialize(e);
        return new StoredAuditEvent(e.Sequence, body, AuditHash.Chain(previousHash, body), previousHash, e.EventId,
            e.Time.ToUnixTimeMilliseconds(), e.EventName, e.Identity.UserName, e.ReadOnly, e.ErrorCode);
    }
}
