using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace Crema.Core.Identity;

/// <summary>Removes secrets from request parameters and headers before they reach the audit log.</summary>
public static class SecretRedactor
{
    /// <summary>What a redacted value becomes.</summary>
    public const string Mask = "***";

    // Compared after lower-casing and dropping '-' and '_', so "secret_access_key" and "X-Api-Key"-style names match.
    private static readonly FrozenSet<string> _sensitive = new[]
    {
        "password", "newpassword", "currentpassword", "secret", "secretaccesskey", "token", "sessiontoken",
        "csrftoken", "totpcode", "code", "recoverycode", "recoverycodes", "authorization", "cookie",
        "privatekey", "apikey", "mfasecret", "proxyauthorization", "setcookie", "xapikey", "xauthtoken",
        "xcsrftoken", "xamzsecuritytoken",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly string[] _sensitiveSuffixes = ["password", "secret", "token"];

    /// <summary>
    /// A deep copy with the values of secret-named keys replaced by "***", at any depth inside
    /// objects and arrays. JSON nulls stay null: there is nothing to hide.
    /// </summary>
    public static JsonObject? Redact(JsonObject? parameters)
    {
        if (parameters is null) return null;
        return (JsonObject)Copy(parameters)!;
    }

    /// <summary>
    /// The header value as the audit log may keep it: the scheme of Authorization headers
    /// ("Bearer ***"), cookie names without values, other secret headers fully masked.
    /// </summary>
    public static string RedactHeader(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.IsNullOrEmpty(value) || !IsSensitiveName(name)) return value;
        var normalized = Normalize(name);
        if (normalized is "authorization" or "proxyauthorization")
        {
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            return space > 0 ? string.Concat(value.AsSpan(0, space), " ", Mask) : Mask;
        }
        if (normalized is "cookie" or "setcookie") return RedactCookies(value, normalized == "setcookie");
        return Mask;
    }

    /// <summary>Whether a parameter or header name denotes a secret.</summary>
    public static bool IsSensitiveName(string name)
    {
        if (string.IsNullOrEmpty(name)) return false;
        var normalized = Normalize(name);
        if (_sensitive.Contains(normalized)) return true;
        foreach (var suffix in _sensitiveSuffixes)
            if (normalized.EndsWith(suffix, StringComparison.Ordinal)) return true;
        return false;
    }

    private static JsonNode? Copy(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                    copy[key] = value is not null && IsSensitiveName(key) ? JsonValue.Create(Mask) : Copy(value);
                return copy;
            case JsonArray array:
                var list = new JsonArray();
                foreach (var item in array) list.Add(Copy(item));
                return list;
            default:
                return node?.DeepClone();
        }
    }

    private static string Normalize(string name)
    {
        Span<char> buffer = name.Length <= 128 ? stackalloc char[name.Length] : new char[name.Length];
        var n = 0;
        foreach (var c in name)
            if (c is not '-' and not '_') buffer[n++] = char.ToLowerInvariant(c);
        return new string(buffer[..n]);
    }

    // "a=1; b=2" → "a=***; b=***"; for Set-Cookie only the first pair is the cookie, the rest are attributes.
    private static string RedactCookies(string value, bool setCookie)
    {
        var parts = value.Split(';');
        for (var i = 0; i < parts.Length; i++)
        {
            if (setCookie && i > 0) break;
            var eq = parts[i].IndexOf('=', StringComparison.Ordinal);
            parts[i] = eq >= 0 ? string.Concat(parts[i].AsSpan(0, eq + 1), Mask) : Mask;
        }
        return string.Join(';', parts);
    }
}
