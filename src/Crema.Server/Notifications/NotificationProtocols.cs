namespace Crema.Server.Notifications;

/// <summary>The protocols a subscription can use.</summary>
public static class NotificationProtocols
{
    /// <summary>An HTTP POST of the JSON body, signed with HMAC-SHA256.</summary>
    public const string Webhook = "webhook";

    /// <summary>A Slack incoming webhook: {"text": …}.</summary>
    public const string Slack = "slack";

    /// <summary>An e-mail through the configured SMTP server.</summary>
    public const string Email = "email";

    /// <summary>A line in the server's log.</summary>
    public const string Log = "log";

    /// <summary>The protocol names as the API lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Webhook, Slack, Email, Log];
}
