using System.Collections.Frozen;

namespace Crema.Core.Identity;

/// <summary>Every action Crema authorizes, with a one-line description; the vocabulary policies are checked against.</summary>
public static class ActionCatalog
{
    private static readonly ActionInfo[] _all =
    [
        R("metrics:Get", "Read datapoints and statistics of metrics."),
        R("metrics:List", "List metric names, namespaces and dimensions."),
        W("metrics:Put", "Write datapoints (native API and Prometheus remote write)."),

        R("admin:Stats", "Read the server's own storage and runtime statistics."),
        W("admin:Flush", "Force the storage engine to flush its head to disk."),

        R("users:List", "List users."),
        R("users:Get", "Read a user's details, roles and MFA status."),
        W("users:Create", "Create a user."),
        W("users:Update", "Change a user's roles, password or status."),
        W("users:Delete", "Delete a user."),
        W("users:ResetMfa", "Remove a user's MFA device so they enrol again."),

        R("roles:List", "List roles."),
        R("roles:Get", "Read a role's policy statements."),
        W("roles:Create", "Create a role."),
        W("roles:Update", "Change a role's statements or description."),
        W("roles:Delete", "Delete a role."),

        R("keys:List", "List API keys (ids and metadata, never secrets)."),
        W("keys:Create", "Create an API key."),
        W("keys:Update", "Change an API key's description, roles or status."),
        W("keys:Delete", "Delete an API key."),
        W("keys:Rotate", "Issue a new secret for an API key."),

        R("audit:Lookup", "Search audit events."),
        R("audit:Export", "Export audit events and signed digests."),
        R("audit:Verify", "Verify the audit hash chain and digests."),
        R("audit:Prove", "Produce an inclusion proof for an audit event."),
        R("audit:Insights", "Read unusual call and error rate findings."),
        R("audit:GetPublicKey", "Read the public key that signs audit digests."),
        W("audit:Configure", "Change audit retention, digest interval and insights settings."),

        R("alarms:Describe", "List and read alarms and their state."),
        W("alarms:Put", "Create or change an alarm."),
        W("alarms:Delete", "Delete an alarm."),
        W("alarms:SetState", "Set an alarm's state by hand, for testing actions."),
        R("alarms:History", "Read an alarm's state changes and action results."),

        R("topics:List", "List notification topics."),
        R("topics:Get", "Read a topic and its subscriptions."),
        W("topics:Create", "Create a notification topic."),
        W("topics:Update", "Change a topic's settings."),
        W("topics:Delete", "Delete a notification topic."),
        W("topics:Subscribe", "Add a subscription (webhook, email, chat) to a topic."),
        W("topics:Unsubscribe", "Remove a subscription from a topic."),
        W("topics:Publish", "Send a message to a topic's subscribers."),

        R("dashboards:Get", "Read a dashboard."),
        R("dashboards:List", "List dashboards."),
        W("dashboards:Put", "Create or change a dashboard."),
        W("dashboards:Delete", "Delete a dashboard."),

        R("scaling:Describe", "Read scaling groups, policies and activities."),
        W("scaling:Put", "Create or change a scaling policy or scheduled action."),
        W("scaling:Delete", "Delete a scaling policy or scheduled action."),
        W("scaling:Suspend", "Suspend or resume a scalable target's dynamic or scheduled scaling."),
        W("scaling:SetCapacity", "Set a scalable target's desired capacity by hand."),

        R("advisor:Describe", "Read advisor checks and flagged items."),
        W("advisor:Refresh", "Run advisor checks now."),
        W("advisor:Exclude", "Exclude or re-include an advisor item, with a reason."),
        W("advisor:PutResource", "Register, change or delete an advisor business resource (cost and usage metric)."),
    ];

    private static readonly FrozenDictionary<string, ActionInfo> _byName =
        _all.ToFrozenDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>All known actions in catalog order.</summary>
    public static IReadOnlyList<ActionInfo> All => _all;

    /// <summary>Whether the exact action (case-insensitive) is known.</summary>
    public static bool IsKnown(string action) => action is not null && _byName.ContainsKey(action);

    /// <summary>The catalog entry for an action, or null.</summary>
    public static ActionInfo? Find(string action) =>
        action is not null && _byName.TryGetValue(action, out var info) ? info : null;

    private static ActionInfo R(string name, string description) => new(name, description, ReadOnly: true);

    private static ActionInfo W(string name, string description) => new(name, description, ReadOnly: false);
}
