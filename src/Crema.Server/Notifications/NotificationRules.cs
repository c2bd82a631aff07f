using System.Text.RegularExpressions;
using Crema.Server.Security;

namespace Crema.Server.Notifications;

/// <summary>Validation of topic names, protocols and endpoints, and the redaction of endpoints for listings and audit.</summary>
internal static partial class NotificationRules
{
    public const int MaxDisplayName = 100;
    public const int MaxEndpoint = 2048;
    public const int MaxSubject = 100;
    public const int MaxText = 32 * 1024;

    /// <summary>Throws a 400 naming <paramref name="field"/> unless the name is 1–256 letters, digits, '-' or '_'.</summary>
    public static void CheckTopicName(string? name, string field)
    {
        if (string.IsNullOrEmpty(name)) throw IdentityException.Invalid(field, "is required");
        if (name.Length > 256) throw IdentityException.Invalid(field, "must be at most 256 characters");
        if (!TopicName().IsMatch(name)) throw IdentityException.Invalid(field, "may contain only letters, digits, '-' and '_'");
    }

    /// <summary>The protocol in lower case; throws a 400 naming "protocol" when it is not one of <see cref="NotificationProtocols.All"/>.</summary>
    public static string CheckProtocol(string? protocol)
    {
        if (string.IsNullOrEmpty(protocol)) throw IdentityException.Invalid("protocol", "is required");
        var lower = protocol.ToLowerInvariant();
        if (!NotificationProtocols.All.Contains(lower, StringComparer.Ordinal))
            throw IdentityException.Invalid("protocol", "must be one of " + string.Join(", ", NotificationProtocols.All));
        return lower;
    }

    /// <summary>The endpoint as stored; throws a 400 naming "endpoint" when it does not suit the protocol.</summary>
    public static string CheckEndpoint(string protocol, string? endpoint)
    {
        if (protocol == NotificationProtocols.Log)
        {
            if (endpoint is { Length: > 256 }) throw IdentityException.Invalid("endpoint", "must be at most 256 characters for log");
            return endpoint ?? "";
        }

        if (string.IsNullOrWhiteSpace(endpoint)) throw IdentityException.Invalid("endpoint", "is required");
        if (endpoint.Length > MaxEndpoint) throw IdentityException.Invalid("endpoint", $"must be at most {MaxEndpoint} characters");
        if (protocol == NotificationProtocols.Email)
        {
            if (!System.Net.Mail.MailAddress.TryCreate(endpoint, out var address) || address.Address != endpoint || !MimeKit.MailboxAddress.TryParse(endpoint, out _))
                throw IdentityException.Invalid("endpoint", "must be an e-mail address such as ops@example.com");
            return endpoint;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
            throw IdentityException.Invalid("endpoint", "must be an absolute http or https URL");
        return endpoint;
    }

    /// <summary>What listings and the audit trail show: scheme://host[:port]/… for URLs (paths, queries and user info can be secrets), else the endpoint.</summary>
    public static string Redact(string protocol, string endpoint)
    {
        if (protocol is NotificationProtocols.Webhook or NotificationProtocols.Slack)
        {
            return Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
                ? uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) + "/…"
                : "…";
        }

        return protocol == NotificationProtocols.Log && endpoint.Length == 0 ? "server log" : endpoint;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TopicName();
}
