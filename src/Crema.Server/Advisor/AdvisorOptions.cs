namespace Crema.Server.Advisor;

/// <summary>The advisor's settings (section "Advisor"): how often the checks run, how much history is kept, whom to tell, and the limits the service-limits check measures.</summary>
public sealed class AdvisorOptions
{
    public const string Section = "Advisor";

    /// <summary>Time between scheduled runs of every check (default 1 hour; at least 1 minute).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Stored results kept per check (default 48; 1 to 10 000).</summary>
    public int HistoryPerCheck { get; set; } = 48;

    /// <summary>A topic told when a check's status changes (default none).</summary>
    public string? NotifyTopic { get; set; }

    /// <summary>The metric series limit the service-limits check measures (default 100 000; 0 turns it off).</summary>
    public long MaxSeries { get; set; } = 100_000;

    /// <summary>The alarm limit (metric and composite alarms; default 1000; 0 turns it off).</summary>
    public long MaxAlarms { get; set; } = 1000;

    /// <summary>The dashboard limit (default 500; 0 turns it off).</summary>
    public long MaxDashboards { get; set; } = 500;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the setting and the rule when one is out of range.</summary>
    public void Validate()
    {
        if (Interval < TimeSpan.FromMinutes(1)) throw new ArgumentException("Advisor:Interval must be at least 1 minute");
        if (HistoryPerCheck is < 1 or > 10_000) throw new ArgumentException("Advisor:HistoryPerCheck must be between 1 and 10000");
        if (MaxSeries < 0 || MaxAlarms < 0 || MaxDashboards < 0) throw new ArgumentException("Advisor:MaxSeries, MaxAlarms and MaxDashboards must not be negative");
    }
}
