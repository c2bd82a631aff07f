namespace Crema.Core.Advisor;

public static partial class AdvisorChecks
{
    /// <summary>Keys older than this, or unused this long, are flagged.</summary>
    public static readonly TimeSpan KeyMaxAge = TimeSpan.FromDays(90);

    /// <summary>A digest is due every hour; older than this is yellow, older than <see cref="DigestRedAge"/> red.</summary>
    public static readonly TimeSpan DigestYellowAge = TimeSpan.FromHours(1);

    public static readonly TimeSpan DigestRedAge = TimeSpan.FromHours(24);

    public static readonly AdvisorCheck RootWithoutMfa = new("security-root-mfa", AdvisorPillar.Security, "Root user without MFA",
        "Looks at whether the root user has multi-factor authentication turned on.",
        "Red when the root user has no MFA.",
        s =>
        {
            var items = new List<AdvisorItem>();
            foreach (var u in s.Users)
            {
                if (u.IsRoot && !u.Disabled && !u.MfaEnabled)
                    items.Add(new(u.Name, AdvisorStatus.Red, "The root user signs in with a password alone.", "Turn on MFA for the root user: sign in as root, then crema mfa enroll and crema mfa activate CODE (or People → My security in the console)."));
            }

            return AdvisorCheckResult.From(items, "The root user has MFA", "The root user has no MFA");
        });

    public static readonly AdvisorCheck RootWithKeys = new("security-root-keys", AdvisorPillar.Security, "Root user with API keys",
        "Looks at the active API keys that belong to the root user.",
        "Red when the root user has any active API key.",
        s =>
        {
            var items = new List<AdvisorItem>();
            foreach (var k in s.Keys)
            {
                if (k.OwnerIsRoot)
                    items.Add(new(k.AccessKeyId, AdvisorStatus.Red, F($"Active key of root ({k.UserName}), created {k.CreatedAt:yyyy-MM-dd}."),
                        "Create a user with only the roles it needs, give it a key, and delete the root user's keys."));
            }

            return AdvisorCheckResult.From(items, "The root user has no API keys", "The root user has {0} active API key(s)");
        });

    public static readonly AdvisorCheck AdminsWithoutMfa = new("security-admin-mfa", AdvisorPillar.Security, "Administrators without MFA",
        "Looks at enabled users (other than root) with the admin role and whether they have MFA.",
        "Yellow for each administrator without MFA.",
        s =>
        {
            var items = new List<AdvisorItem>();
            foreach (var u in s.Users)
            {
                if (!u.IsRoot && u.IsAdmin && !u.Disabled && !u.MfaEnabled)
                    items.Add(new(u.Name, AdvisorStatus.Yellow, "An administrator signs in with a password alone.", "Ask the user to turn on MFA, or take the admin role away."));
            }

            return AdvisorCheckResult.From(items, "Every administrator has MFA", "{0} administrator(s) without MFA");
        });

    public static readonly AdvisorCheck OldOrUnusedKeys = new("security-key-age", AdvisorPillar.Security, "Old or unused API keys",
        "Looks at every active API key's age and last use.",
        "Yellow for a key older than 90 days or not used for 90 days (never used counts from its creation); red when older than 180 days.",
        s =>
        {
            var items = new List<AdvisorItem>();
            foreach (var k in s.Keys)
            {
                var age = s.Now - k.CreatedAt;
                var idle = s.Now - (k.LastUsedAt ?? k.CreatedAt);
                if (age > 2 * KeyMaxAge)
                    items.Add(new(k.AccessKeyId, AdvisorStatus.Red, F($"Key of {k.UserName} is {Days(age)} days old."), "Rotate the key (create a new one, switch, delete the old)."));
                else if (age > KeyMaxAge)
                    items.Add(new(k.AccessKeyId, AdvisorStatus.Yellow, F($"Key of {k.UserName} is {Days(age)} days old."), "Rotate the key (create a new one, switch, delete the old)."));
                else if (idle > KeyMaxAge)
                    items.Add(new(k.AccessKeyId, AdvisorStatus.Yellow, F($"Key of {k.UserName} not used for {Days(idle)} days."), "Delete the key if nothing needs it."));
            }

            return AdvisorCheckResult.From(items, "Every API key is younger than 90 days and in use", "{0} API key(s) old or unused");
        });

    public static readonly AdvisorCheck AuditDigests = new("security-audit-digests", AdvisorPillar.Security, "Audit digests",
        "Looks at when the last signed audit digest was written and whether the last verification passed.",
        "Yellow when no digest for more than 1 hour, red for more than 24 hours or when the last verification failed; not available when audit is off.",
        s =>
        {
            if (s.Audit is not { Enabled: true } a) return AdvisorCheckResult.NotAvailable("Audit is off or its state is unknown");
            var items = new List<AdvisorItem>();
            if (a.LastVerificationPassed == false)
                items.Add(new("audit/verification", AdvisorStatus.Red, "The last verification of the audit trail failed.", "Run crema audit verify and read the findings."));
            var since = a.LastDigestAt ?? a.ServerStartedAt;
            var age = s.Now - since;
            if (age > DigestRedAge)
                items.Add(new("audit/digests", AdvisorStatus.Red, F($"No digest for {age.TotalHours:0} hours."), "Check the server log for the digest service's errors and the signing key."));
            else if (age > DigestYellowAge)
                items.Add(new("audit/digests", AdvisorStatus.Yellow, F($"No digest for {age.TotalMinutes:0} minutes."), "Check the server log for the digest service's errors."));
            return AdvisorCheckResult.From(items, "Digests are written every hour and verify", "The audit trail needs attention");
        });

    public static readonly AdvisorCheck ListeningWithoutTls = new("security-listen-tls", AdvisorPillar.Security, "Listening beyond loopback without TLS",
        "Looks at the addresses the server listens on.",
        "Red for an http:// address that is not loopback (passwords and keys would cross the network in clear text).",
        s =>
        {
            var items = new List<AdvisorItem>();
            foreach (var url in s.ListenUrls)
            {
                if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)) continue;
                if (uri.Scheme != Uri.UriSchemeHttp) continue;
                if (uri.IsLoopback) continue;
                items.Add(new(url, AdvisorStatus.Red, "Plain HTTP on an address other machines can reach.", "Listen on https:// (or behind a TLS proxy), or on 127.0.0.1 only."));
            }

            return AdvisorCheckResult.From(items, "Plain HTTP only on loopback", "{0} address(es) without TLS beyond loopback");
        });
}
