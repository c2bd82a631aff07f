namespace Crema.Core.Advisor;

/// <summary>A user as the advisor sees it.</summary>
public sealed record AdvisorUser(string Name, bool IsRoot, bool IsAdmin, bool MfaEnabled, bool Disabled, DateTimeOffset? LastSignInAt);
