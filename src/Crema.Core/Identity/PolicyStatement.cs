namespace Crema.Core.Identity;

/// <summary>
/// One permission rule: an effect over action patterns (<c>service:Verb</c>, case-insensitive,
/// <c>*</c>/<c>?</c> allowed) and resource patterns (<c>kind/name</c>, case-sensitive, may use
/// <c>${user}</c> for the caller's user name). Treat instances as immutable: evaluators cache
/// their compiled form per instance.
/// </summary>
public sealed record PolicyStatement(PolicyEffect Effect, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources);
