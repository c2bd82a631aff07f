using System.Security.Cryptography;
using System.Text;

namespace Crema.Server.Notifications;

/// <summary>The webhook signature: hex HMAC-SHA256 keyed with the subscription's secret (its UTF-8 bytes) over "timestamp.body".</summary>
public static class WebhookSignature
{
    /// <summary>The prefix of the signature header's value.</summary>
    public const string Scheme = "sha256=";

    /// <summary>The value of X-Crema-Signature for <paramref name="body"/> sent at <paramref name="unixSeconds"/>.</summary>
    public static string Compute(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var prefix = Encoding.ASCII.GetBytes(unixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Scheme + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>A new signing secret: "whsec_" and 32 random bytes in base64url.</summary>
    public static string NewSecret()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return "whsec_" + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
