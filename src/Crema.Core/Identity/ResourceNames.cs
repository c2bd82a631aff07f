namespace Crema.Core.Identity;

/// <summary>
/// The resource paths policies match: <c>kind/name</c>, with API keys under their owner
/// (<c>keys/alice/CK…</c>) so that <c>keys/${user}/*</c> means "my own keys".
/// </summary>
public static class ResourceNames
{
    /// <summary>The user-name variable allowed in resource patterns.</summary>
    public const string UserVariable = "${user}";

    public static string Metrics(string metricNamespace) => "metrics/" + metricNamespace;

    public static string User(string userName) => "users/" + userName;

    public static string Role(string roleName) => "roles/" + roleName;

    /// <summary>One key of an owner; use <c>"*"</c> as key id for listing or creating the owner's keys.</summary>
    public static string Key(string owner, string keyId) => "keys/" + owner + "/" + keyId;

    public static string Alarm(string alarmName) => "alarms/" + alarmName;

    public static string Topic(string topicName) => "topics/" + topicName;

    public static string Dashboard(string dashboardName) => "dashboards/" + dashboardName;

    public static string Scaling(string groupName) => "scaling/" + groupName;

    public static string Advisor(string checkId) => "advisor/" + checkId;

    /// <summary>The audit trail, admin functions and other singletons.</summary>
    public static string Audit => "audit/trail";

    public static string Server => "admin/server";
}
