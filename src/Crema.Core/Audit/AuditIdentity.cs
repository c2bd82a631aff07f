namespace Crema.Core.Audit;

/// <summary>Who made an audited call: user, access key, how they authenticated and whether MFA was used.</summary>
public sealed record AuditIdentity(string? UserName, string? AccessKeyId, string AuthMethod, bool MfaUsed)
{
    /// <summary>The allowed values of <see cref="AuthMethod"/>.</summary>
    public static IReadOnlyList<string> AuthMethods { get; } = ["anonymous", "password", "session", "api-key", "system"];

    /// <summary>A caller that presented no credentials.</summary>
    public static AuditIdentity Anonymous { get; } = new(null, null, "anonymous", false);

    /// <summary>Crema itself (background work such as digests and retention).</summary>
    public static AuditIdentity System { get; } = new(null, null, "system", false);

    public static bool IsValidAuthMethod(string? value) => value is not null && Contains(AuthMethods, value);

    internal static bool Contains(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
