using System.Net.Http.Headers;
using System.Text;

namespace Crema.Client;

/// <summary>How a client proves who it is: an access key pair (HTTP Basic) or a session token from sign-in (Bearer).</summary>
public sealed record CremaCredentials
{
    private CremaCredentials(string? accessKeyId, string? secretAccessKey, string? sessionToken)
    {
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        SessionToken = sessionToken;
    }

    public string? AccessKeyId { get; }

    public string? SecretAccessKey { get; }

    public string? SessionToken { get; }

    /// <summary>An access key id and its secret.</summary>
    public static CremaCredentials FromAccessKey(string accessKeyId, string secretAccessKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentException.ThrowIfNullOrEmpty(secretAccessKey);
        return new CremaCredentials(accessKeyId, secretAccessKey, null);
    }

    /// <summary>A session token returned by sign-in.</summary>
    public static CremaCredentials FromSession(string sessionToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionToken);
        return new CremaCredentials(null, null, sessionToken);
    }

    /// <summary>
    /// Credentials from the environment (CREMA_ACCESS_KEY_ID + CREMA_SECRET_ACCESS_KEY, or CREMA_SESSION_TOKEN),
    /// else from the credentials file for <paramref name="server"/>, else null.
    /// </summary>
    public static CremaCredentials? Resolve(Uri server)
    {
        var id = Environment.GetEnvironmentVariable("CREMA_ACCESS_KEY_ID");
        var secret = Environment.GetEnvironmentVariable("CREMA_SECRET_ACCESS_KEY");
        if (!string.IsNullOrEmpty(id) && !string.IsNullOrEmpty(secret)) return FromAccessKey(id, secret);
        if (Environment.GetEnvironmentVariable("CREMA_SESSION_TOKEN") is { Length: > 0 } token) return FromSession(token);
        return CredentialsFile.Load(server);
    }

    /// <summary>The Authorization header these credentials send.</summary>
    public AuthenticationHeaderValue ToHeader() => SessionToken is { } token
        ? new AuthenticationHeaderValue("Bearer", token)
        : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(AccessKeyId + ":" + SecretAccessKey)));

    /// <summary>Never prints the secret.</summary>
    public override string ToString() => SessionToken is not null ? "session" : $"access key {AccessKeyId}";
}
