namespace Crema.Core.Advisor;

/// <summary>The audit trail's health: when the last signed digest was written and whether the last verification passed (null: never verified).</summary>
public sealed record AdvisorAudit(bool Enabled, DateTimeOffset ServerStartedAt, DateTimeOffset? LastDigestAt, bool? LastVerificationPassed);
