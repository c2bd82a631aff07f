using Crema.Core.Identity;

namespace Crema.Server.Security;

/// <summary>The coarse check before an endpoint that checks its own resources (e.g. per namespace) runs.</summary>
public sealed partial class IdentityService
{
    // Compiled once per pattern text: this check runs on every request (every remote-write batch).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, WildcardPattern> ActionPatterns = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether some statement allows <paramref name="action"/> on some resource (and no statement denies it
    /// everywhere): refuses a viewer's PutMetricData before its body is read; the endpoint then checks each resource.
    /// </summary>
    public AuthorizationDecision AuthorizeAnyResource(CremaPrincipal principal, string action)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.KeyPolicy is { } keyPolicy && !AllowsSomewhere([keyPolicy], action))
        {
            return new AuthorizationDecision(false, $"access key {principal.AccessKeyId} is limited to role {keyPolicy.RoleName}, which does not allow {action}");
        }

        if (principal.IsRoot || AllowsSomewhere(principal.Policies, action)) return new AuthorizationDecision(true, $"some statement allows {action}");
        var roles = principal.Policies.Count == 0 ? "no roles" : "roles " + string.Join(", ", principal.Policies.Select(p => p.RoleName));
        return new AuthorizationDecision(false, $"user {principal.UserName} has {roles}, and none allows {action}");
    }

    private static bool AllowsSomewhere(IReadOnlyList<RolePolicy> policies, string action)
    {
        var allowed = false;
        foreach (var policy in policies)
        {
            foreach (var statement in policy.Statements)
            {
                if (!statement.Actions.Any(a => ActionPatterns.GetOrAdd(a, static p => new WildcardPattern(p, ignoreCase: true)).IsMatch(action))) continue;
                if (statement.Effect == PolicyEffect.Deny && statement.Resources.Any(r => r == "*")) return false;
                if (statement.Effect == PolicyEffect.Allow) allowed = true;
            }
        }

        return allowed;
    }
}
