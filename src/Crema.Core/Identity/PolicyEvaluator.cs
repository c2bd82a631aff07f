using System.Runtime.CompilerServices;

namespace Crema.Core.Identity;

/// <summary>
/// Decides whether an action on a resource is allowed: an explicit Deny in any statement wins,
/// otherwise any matching Allow allows, otherwise the implicit deny applies.
/// </summary>
public static class PolicyEvaluator
{
    // Compiled patterns per statement instance; weak so that replaced roles are collected.
    private static readonly ConditionalWeakTable<PolicyStatement, CompiledStatement> _cache = [];

    /// <summary>Evaluates bare statements (no role names in the reason).</summary>
    public static AuthorizationDecision Evaluate(IEnumerable<PolicyStatement> statements, string action, string resource, string? userName = null)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(resource);
        var index = 0;
        var allowIndex = -1;
        foreach (var statement in statements)
        {
            var compiled = Get(statement);
            if (compiled.Matches(action, resource, userName))
            {
                if (compiled.Effect == PolicyEffect.Deny)
                    return new AuthorizationDecision(false, $"denied: statements[{index}] denies {action} on {resource}");
                if (allowIndex < 0) allowIndex = index;
            }
            index++;
        }
        return allowIndex >= 0
            ? new AuthorizationDecision(true, $"allowed: statements[{allowIndex}] allows {action} on {resource}")
            : new AuthorizationDecision(false, $"denied: no statement allows {action} on {resource}");
    }

    /// <summary>
    /// Evaluates a caller's roles. <paramref name="userName"/> replaces <c>${user}</c> in
    /// resource patterns (see <see cref="ResourceNames.UserVariable"/>).
    /// </summary>
    public static AuthorizationDecision Evaluate(IReadOnlyList<RolePolicy> roles, string action, string resource, string? userName = null)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(resource);
        var names = new string[roles.Count];
        var statements = new CompiledStatement[roles.Count][];
        for (var r = 0; r < roles.Count; r++)
        {
            names[r] = roles[r].RoleName;
            statements[r] = CompileAll(roles[r].Statements);
        }
        return Evaluate(names, statements, action, resource, userName);
    }

    /// <summary>Compiles a caller's roles once, binding <c>${user}</c>, for repeated evaluation.</summary>
    public static CompiledPolicy Compile(IReadOnlyList<RolePolicy> roles, string? userName = null)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var names = new string[roles.Count];
        var statements = new CompiledStatement[roles.Count][];
        for (var r = 0; r < roles.Count; r++)
        {
            names[r] = roles[r].RoleName;
            var compiled = CompileAll(roles[r].Statements);
            for (var s = 0; s < compiled.Length; s++) compiled[s] = compiled[s].Bind(userName);
            statements[r] = compiled;
        }
        return new CompiledPolicy(names, statements, userName);
    }

    internal static AuthorizationDecision Evaluate(string[] roleNames, CompiledStatement[][] roles, string action, string resource, string? userName)
    {
        var allowRole = -1;
        var allowIndex = -1;
        for (var r = 0; r < roles.Length; r++)
        {
            var statements = roles[r];
            for (var s = 0; s < statements.Length; s++)
            {
                var statement = statements[s];
                if (!statement.Matches(action, resource, userName)) continue;
                if (statement.Effect == PolicyEffect.Deny)
                    return new AuthorizationDecision(false, $"denied by role {roleNames[r]}: statements[{s}] denies {action} on {resource}");
                if (allowRole < 0)
                {
                    allowRole = r;
                    allowIndex = s;
                }
            }
        }
        if (allowRole >= 0)
            return new AuthorizationDecision(true, $"allowed by role {roleNames[allowRole]}: statements[{allowIndex}] allows {action} on {resource}");
        return roleNames.Length switch
        {
            0 => new AuthorizationDecision(false, $"denied: the caller has no roles, so nothing allows {action} on {resource}"),
            1 => new AuthorizationDecision(false, $"denied by role {roleNames[0]}: no statement allows {action} on {resource}"),
            _ => new AuthorizationDecision(false, $"denied by roles {string.Join(", ", roleNames)}: no statement allows {action} on {resource}"),
        };
    }

    private static CompiledStatement[] CompileAll(IReadOnlyList<PolicyStatement> statements)
    {
        var result = new CompiledStatement[statements.Count];
        for (var i = 0; i < result.Length; i++) result[i] = Get(statements[i]);
        return result;
    }

    private static CompiledStatement Get(PolicyStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return _cache.GetValue(statement, CompiledStatement.Compile);
    }
}
