namespace Crema.Core.Identity;

/// <summary>The outcome of a policy evaluation with a sentence saying why, for the audit log and error bodies.</summary>
public sealed record AuthorizationDecision(bool Allowed, string Reason);
