namespace Crema.Core.Advisor;

/// <summary>A configured limit and how much of it is used.</summary>
public sealed record AdvisorQuota(string Name, long Used, long Limit);
