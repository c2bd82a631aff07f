namespace Crema.Storage.Advisor;

/// <summary>A flagged item the operator excluded from a check, with the reason and who did it.</summary>
public sealed record AdvisorExclusionRecord(string CheckId, string ResourceId, string Reason, string CreatedBy, DateTimeOffset CreatedAt);
