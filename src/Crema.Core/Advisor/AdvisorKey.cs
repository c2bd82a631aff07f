namespace Crema.Core.Advisor;

/// <summary>An active API key as the advisor sees it: owner, age and last use.</summary>
public sealed record AdvisorKey(string AccessKeyId, string UserName, bool OwnerIsRoot, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);
