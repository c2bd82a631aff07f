using Crema.Client.Contracts;

namespace Crema.Server.Security;

/// <summary>The result of a sign-in: a session (with its raw token, for the cookie), or a refusal.</summary>
public sealed record SignInOutcome(SignInResponse? Session, AuthOutcome? Refusal);
