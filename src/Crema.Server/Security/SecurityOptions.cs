namespace Crema.Server.Security;

/// <summary>Sign-in and session settings (section "Security"); each property documents its default.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// The root user's password at first start (flag --root-password, env CREMA_ROOT_PASSWORD). When absent, a
    /// random one is made and printed once to the terminal (never to the log).
    /// </summary>
    public string? RootPassword { get; set; }

    /// <summary>A session ends after this long without a request (default 30 minutes).</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session ends this long after sign-in whatever its use (default 12 hours).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Failed sign-ins in a row that lock a user out (default 5).</summary>
    public int LockoutThreshold { get; set; } = 5;

    /// <summary>How long a lock-out lasts (default 15 minutes).</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Mark the session cookie Secure: true, false, or null (default) for "when the request came over HTTPS".</summary>
    public bool? SecureCookies { get; set; }

    /// <summary>Throws with a message naming the setting when a value is out of range.</summary>
    public void Validate()
    {
        if (SessionIdleTimeout < TimeSpan.FromMinutes(1)) throw new ArgumentException("Security:SessionIdleTimeout must be at least 1 minute");
        if (SessionLifetime < SessionIdleTimeout) throw new ArgumentException("Security:SessionLifetime must be at least Security:SessionIdleTimeout");
        if (LockoutThreshold < 1) throw new ArgumentException("Security:LockoutThreshold must be at least 1");
        if (LockoutDuration <= TimeSpan.Zero) throw new ArgumentException("Security:LockoutDuration must be positive");
    }
}
