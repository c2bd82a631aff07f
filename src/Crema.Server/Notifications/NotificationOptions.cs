namespace Crema.Server.Notifications;

/// <summary>Notification delivery settings (section "Notifications"); each property documents its default.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Attempts per delivery before it is marked Failed (default 5).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before the first retry; each later retry waits twice as long (default 1 second).</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts, however many came before (default 1 hour).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one attempt (an HTTP POST, an SMTP session) may take before it counts as a timeout (default 10 seconds).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts made at the same time, so that one slow endpoint does not hold up the rest (default 4).</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>How long Delivered and Failed deliveries stay listed before they are deleted (default 7 days).</summary>
    public TimeSpan DeliveryRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The SMTP server for the email protocol.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Throws with a message naming the setting when a value is out of range.</summary>
    public void Validate()
    {
        if (MaxAttempts is < 1 or > 100) throw new ArgumentException("Notifications:MaxAttempts must be between 1 and 100");
        if (FirstRetryDelay <= TimeSpan.Zero) throw new ArgumentException("Notifications:FirstRetryDelay must be positive");
        if (MaxRetryDelay < FirstRetryDelay) throw new ArgumentException("Notifications:MaxRetryDelay must be at least Notifications:FirstRetryDelay");
        if (AttemptTimeout <= TimeSpan.Zero) throw new ArgumentException("Notifications:AttemptTimeout must be positive");
        if (Concurrency is < 1 or > 64) throw new ArgumentException("Notifications:Concurrency must be between 1 and 64");
        if (DeliveryRetention < TimeSpan.FromMinutes(1)) throw new ArgumentException("Notifications:DeliveryRetention must be at least 1 minute");
        Smtp.Validate();
    }
}
