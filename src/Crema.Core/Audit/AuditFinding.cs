namespace Crema.Core.Audit;

/// <summary>One problem a verification found, with the event and/or digest it concerns and a sentence saying what.</summary>
public sealed record AuditFinding(AuditFindingKind Kind, long? Sequence, string? EventId, long? DigestSequence, string Message)
{
    public override string ToString() => Kind + ": " + Message;
}
