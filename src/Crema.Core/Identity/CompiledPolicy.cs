namespace Crema.Core.Identity;

/// <summary>
/// The roles of one caller compiled once, with <c>${user}</c> already substituted; cache one
/// per principal and call <see cref="Evaluate"/> on every request without allocating
/// (apart from the reason sentence).
/// </summary>
public sealed class CompiledPolicy
{
    private readonly string[] _roleNames;
    private readonly CompiledStatement[][] _statements;

    internal CompiledPolicy(string[] roleNames, CompiledStatement[][] statements, string? userName)
    {
        _roleNames = roleNames;
        _statements = statements;
        UserName = userName;
    }

    /// <summary>The user name substituted for <c>${user}</c>.</summary>
    public string? UserName { get; }

    /// <summary>Deny wins over Allow; nothing matching is an implicit deny.</summary>
    public AuthorizationDecision Evaluate(string action, string resource) =>
        PolicyEvaluator.Evaluate(_roleNames, _statements, action, resource, null);
}
