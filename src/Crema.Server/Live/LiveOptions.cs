namespace Crema.Server.Live;

/// <summary>Pacing and bounds of the live event stream (configuration section "Live").</summary>
public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>How long metric notes are gathered before one metrics event goes out (default 250 ms, at most 5 s).</summary>
    public TimeSpan CoalesceWindow { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A comment is sent after this long without an event, so proxies keep the connection (default 15 s).</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The alarm history is read for new state changes as soon as the alarm store reports a write, and at least
    /// this often while anyone listens, as a safety net (default 5 s).
    /// </summary>
    public TimeSpan AlarmPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Distinct metrics one connection holds while its client is slow; further ones are dropped (default 4096).</summary>
    public int MaxPendingMetrics { get; set; } = 4096;

    /// <summary>Alarm events one connection holds while its client is slow; beyond it only each alarm's latest is kept (default 1000).</summary>
    public int MaxPendingAlarmEvents { get; set; } = 1000;

    /// <summary>The most metrics one metrics event names; more go out in several events (default 1000).</summary>
    public int MaxMetricsPerEvent { get; set; } = 1000;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (CoalesceWindow <= TimeSpan.Zero || CoalesceWindow > TimeSpan.FromSeconds(5)) throw new ArgumentException("Live:CoalesceWindow must be more than 0 and at most 5 seconds");
        if (KeepAliveInterval <= TimeSpan.Zero || KeepAliveInterval > TimeSpan.FromMinutes(10)) throw new ArgumentException("Live:KeepAliveInterval must be more than 0 and at most 10 minutes");
        if (AlarmPollInterval <= TimeSpan.Zero || AlarmPollInterval > TimeSpan.FromSeconds(60)) throw new ArgumentException("Live:AlarmPollInterval must be more than 0 and at most 60 seconds");
        if (MaxPendingMetrics < 1) throw new ArgumentException("Live:MaxPendingMetrics must be at least 1");
        if (MaxPendingAlarmEvents < 1) throw new ArgumentException("Live:MaxPendingAlarmEvents must be at least 1");
        if (MaxMetricsPerEvent < 1) throw new ArgumentException("Live:MaxMetricsPerEvent must be at least 1");
    }
}
