namespace Crema.Server.Notifications;

/// <summary>The SMTP server e-mail notifications go through (section "Notifications:Smtp"); unset Host means email is not configured.</summary>
public sealed class SmtpOptions
{
    /// <summary>The server's host name or address (default none: email deliveries fail with a message saying so).</summary>
    public string? Host { get; set; }

    /// <summary>The port (default 587).</summary>
    public int Port { get; set; } = 587;

    /// <summary>The sender address (default crema@localhost).</summary>
    public string From { get; set; } = "crema@localhost";

    /// <summary>The user to authenticate as (default none: no authentication).</summary>
    public string? UserName { get; set; }

    /// <summary>The password (never logged or shown).</summary>
    public string? Password { get; set; }

    /// <summary>none, starttls (default) or ssl.</summary>
    public string UseTls { get; set; } = "starttls";

    /// <summary>Throws with a message naming the setting when a value is out of range.</summary>
    public void Validate()
    {
        if (Port is < 1 or > 65535) throw new ArgumentException("Notifications:Smtp:Port must be between 1 and 65535");
        if (!MimeKit.MailboxAddress.TryParse(From, out _)) throw new ArgumentException("Notifications:Smtp:From must be an e-mail address");
        if (UseTls.ToUpperInvariant() is not ("NONE" or "STARTTLS" or "SSL")) throw new ArgumentException("Notifications:Smtp:UseTls must be none, starttls or ssl");
    }
}
