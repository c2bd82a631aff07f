namespace Crema.Server.Scaling;

/// <summary>Server configuration of scaling (section "Scaling").</summary>
public sealed class ScalingOptions
{
    public const string Section = "Scaling";

    /// <summary>Allows "command" actuators, which run a program on the server's machine; off unless an operator turns it on.</summary>
    public bool AllowLocalCommands { get; set; }

    /// <summary>The first retry of a failed actuator request comes after this many seconds; each further one waits twice as long.</summary>
    public int RetryBaseSeconds { get; set; } = 30;

    /// <summary>The longest wait between retries.</summary>
    public int RetryMaxSeconds { get; set; } = 600;

    /// <summary>The wait before retry number <paramref name="failures"/> (1 after the first failure).</summary>
    public TimeSpan Backoff(int failures)
    {
        var seconds = Math.Min((double)RetryMaxSeconds, RetryBaseSeconds * Math.Pow(2, Math.Max(0, failures - 1)));
        return TimeSpan.FromSeconds(Math.Max(1, seconds));
    }
}
