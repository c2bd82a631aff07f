namespace Crema.Core.Audit;

/// <summary>The result of verifying an audit log: counts and the findings in log order (the first is the first problem).</summary>
public sealed record AuditVerificationReport
{
    public bool Ok => Findings.Count == 0;

    /// <summary>Rows examined (those within the requested range).</summary>
    public long EventsChecked { get; init; }

    /// <summary>Digests examined (database digests plus exported copies missing from the database).</summary>
    public long DigestsChecked { get; init; }

    /// <summary>Rows after the last digest: only their hash chain could be checked.</summary>
    public long EventsNotYetDigested { get; init; }

    public IReadOnlyList<AuditFinding> Findings { get; init; } = [];

    public AuditFinding? FirstProblem => Findings.Count > 0 ? Findings[0] : null;
}
