namespace Crema.Core.Identity;

/// <summary>
/// The roles every installation has. Resource patterns use <c>${user}</c> (the caller's user
/// name) so that non-admins manage only their own API keys (<c>keys/${user}/*</c>).
/// </summary>
public static class BuiltInRoles
{
    public const string AdminName = "admin";
    public const string OperatorName = "operator";
    public const string ViewerName = "viewer";
    public const string IngestOnlyName = "ingest-only";

    private const string OwnKeys = "keys/${user}/*";
    private const string OwnUser = "users/${user}";

    /// <summary>Everything on everything.</summary>
    public static RolePolicy Admin { get; } = new(AdminName,
        [Allow(["*"], ["*"])],
        "Full access, including users, roles and every API key.");

    /// <summary>Runs the shop's monitoring: everything except managing users, roles and other people's keys.</summary>
    public static RolePolicy Operator { get; } = new(OperatorName,
        [
            Allow(["metrics:*", "admin:*", "audit:*", "alarms:*", "topics:*", "dashboards:*", "scaling:*", "advisor:*",
                   "users:List", "users:Get", "roles:List", "roles:Get"], ["*"]),
            Allow(["keys:*"], [OwnKeys]),
        ],
        "Everything except creating or changing users and roles; API keys only their own.");

    /// <summary>Looks but does not touch.</summary>
    public static RolePolicy Viewer { get; } = new(ViewerName,
        [
            Allow(["metrics:Get", "metrics:List", "dashboards:Get", "dashboards:List", "alarms:Describe", "alarms:History",
                   "topics:List", "topics:Get", "scaling:Describe", "advisor:Describe", "admin:Stats", "audit:GetPublicKey"], ["*"]),
            Allow(["users:Get"], [OwnUser]),
            Allow(["keys:*"], [OwnKeys]),
        ],
        "Read-only: metrics, dashboards, alarms, scaling and advisor; API keys only their own.");

    /// <summary>For tills, agents and Prometheus: write datapoints, nothing else.</summary>
    public static RolePolicy IngestOnly { get; } = new(IngestOnlyName,
        [Allow(["metrics:Put"], ["metrics/*"])],
        "Write metric datapoints and nothing else (for tills, agents and remote-write senders).");

    /// <summary>All built-in roles.</summary>
    public static IReadOnlyList<RolePolicy> All { get; } = [Admin, Operator, Viewer, IngestOnly];

    /// <summary>The built-in role with that name (case-insensitive), or null.</summary>
    public static RolePolicy? Find(string name)
    {
        foreach (var role in All)
            if (string.Equals(role.RoleName, name, StringComparison.OrdinalIgnoreCase)) return role;
        return null;
    }

    private static PolicyStatement Allow(string[] actions, string[] resources) => new(PolicyEffect.Allow, actions, resources);
}
