namespace Crema.Simulator.Metrics;

/// <summary>How <see cref="CremaClientMetricSink"/> retries transient failures (5xx, 429, 408, connection errors, timeouts).</summary>
public sealed record RetryOptions
{
    /// <summary>Attempts per request, the first included (default 5).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Delay before the first retry; doubled for each further one (default 250 ms).</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest delay between two attempts (default 5 s).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The delay before retry number <paramref name="retry"/> (1-based).</summary>
    public TimeSpan BackoffFor(int retry)
    {
        var ticks = InitialBackoff.Ticks * Math.Pow(2, Math.Min(retry - 1, 30));
        return ticks >= MaxBackoff.Ticks ? MaxBackoff : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public void ThrowIfInvalid()
    {
        if (MaxAttempts is < 1 or > 100) throw new ArgumentException("RetryOptions.MaxAttempts must be 1..100");
        if (InitialBackoff < TimeSpan.Zero) throw new ArgumentException("RetryOptions.InitialBackoff must not be negative");
        if (MaxBackoff < InitialBackoff) throw new ArgumentException("RetryOptions.MaxBackoff must not be less than InitialBackoff");
    }
}
