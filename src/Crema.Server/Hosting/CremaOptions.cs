namespace Crema.Server.Hosting;

/// <summary>Server settings (section "Crema"); each property documents its default.</summary>
public sealed class CremaOptions
{
    public const string Section = "Crema";

    /// <summary>The data directory (flag --data, env CREMA_DATA; default ./crema-data).</summary>
    public string DataDirectory { get; set; } = "crema-data";

    /// <summary>Largest native API request body (default 1 MiB, as CloudWatch's PutMetricData).</summary>
    public int MaxRequestBytes { get; set; } = 1 << 20;

    /// <summary>Largest compressed remote-write body (default 32 MiB).</summary>
    public int MaxRemoteWriteBytes { get; set; } = 32 << 20;

    /// <summary>Samples older than this are refused (default 14 days, as CloudWatch).</summary>
    public TimeSpan MaxSampleAge { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Samples further ahead than this are refused (default 2 hours, as CloudWatch).</summary>
    public TimeSpan MaxSampleFuture { get; set; } = TimeSpan.FromHours(2);

    /// <summary>The namespace for remote-write series without an X-Crema-Namespace header or ?namespace= (default "Prometheus").</summary>
    public string RemoteWriteNamespace { get; set; } = "Prometheus";

    /// <summary>Throws with a message naming the setting when a value is out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory)) throw new ArgumentException("Crema:DataDirectory must not be empty (flag --data or CREMA_DATA)");
        if (MaxRequestBytes < 1024) throw new ArgumentException("Crema:MaxRequestBytes must be at least 1024");
        if (MaxRemoteWriteBytes < 1024) throw new ArgumentException("Crema:MaxRemoteWriteBytes must be at least 1024");
        if (MaxSampleAge <= TimeSpan.Zero || MaxSampleAge > TimeSpan.FromDays(14)) throw new ArgumentException("Crema:MaxSampleAge must be between 0 and 14 days (raw data covers the accepted window)");
        if (MaxSampleFuture < TimeSpan.Zero) throw new ArgumentException("Crema:MaxSampleFuture must not be negative");
        if (string.IsNullOrWhiteSpace(RemoteWriteNamespace)) throw new ArgumentException("Crema:RemoteWriteNamespace must not be empty");
    }
}
