namespace Crema.Server.Audit;

/// <summary>Audit trail settings (section "Audit"); each property documents its default.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>How often a signed digest is written (default 5 minutes).</summary>
    public TimeSpan DigestInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A second directory that receives a copy of every digest (default none).</summary>
    public string? DigestExportDirectory { get; set; }

    /// <summary>A URL every digest is POSTed to as JSON (default none); failed posts are retried on the next digest.</summary>
    public string? DigestWebhookUrl { get; set; }

    /// <summary>Record metric reads (GetMetricData, ListMetrics, …) at start (default false; switchable at run time).</summary>
    public bool DataEventsRead { get; set; }

    /// <summary>Record metric writes (PutMetricData, remote write) at start (default false; switchable at run time).</summary>
    public bool DataEventsWrite { get; set; }

    /// <summary>How often insights compare call and error rates with their baseline (default 1 minute).</summary>
    public TimeSpan InsightInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Standard deviations above the baseline that make an insight (default 3).</summary>
    public double InsightThreshold { get; set; } = 3;

    /// <summary>The fewest calls per minute that can make an insight, so that 0 → 2 calls is not one (default 10).</summary>
    public double InsightMinimumPerMinute { get; set; } = 10;

    /// <summary>Throws with a message naming the setting when a value is out of range.</summary>
    public void Validate()
    {
        if (DigestInterval < TimeSpan.FromSeconds(1)) throw new ArgumentException("Audit:DigestInterval must be at least 1 second");
        if (InsightInterval < TimeSpan.FromSeconds(1)) throw new ArgumentException("Audit:InsightInterval must be at least 1 second");
        if (InsightThreshold <= 0) throw new ArgumentException("Audit:InsightThreshold must be positive");
        if (DigestWebhookUrl is { Length: > 0 } url && !Uri.TryCreate(url, UriKind.Absolute, out _)) throw new ArgumentException("Audit:DigestWebhookUrl must be an absolute URL");
    }
}
