namespace Crema.Core.Advisor;

/// <summary>One check: what it looks at and the criteria in words, and a pure function of a snapshot that judges it.</summary>
public sealed record AdvisorCheck(
    string Id,
    AdvisorPillar Pillar,
    string Name,
    string Description,
    string Criteria,
    Func<AdvisorSnapshot, AdvisorCheckResult> Evaluate);
