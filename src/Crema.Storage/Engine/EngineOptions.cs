namespace Crema.Storage.Engine;

/// <summary>Settings of the embedded sample engine; each property documents its default.</summary>
public sealed class EngineOptions
{
    /// <summary>Where WAL segments and block files live (required).</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>Raw samples are kept this long (default 15 days; at least the 14-day accepted window).</summary>
    public TimeSpan RawRetention { get; set; } = TimeSpan.FromDays(15);

    /// <summary>1-minute rollups are kept this long (default 15 months ≈ 455 days).</summary>
    public TimeSpan OneMinuteRetention { get; set; } = TimeSpan.FromDays(455);

    /// <summary>1-hour rollups are kept this long (default 5 years).</summary>
    public TimeSpan OneHourRetention { get; set; } = TimeSpan.FromDays(5 * 365 + 1);

    /// <summary>
    /// Whether each head cut also writes 1-minute rollups (default false). 1-hour rollups are
    /// always written with the cut. Without this, 1-minute rollups are written when raw blocks
    /// age out, and until then 1-minute answers come from the raw blocks (which are exact and
    /// finer): at 10 s scrapes a 1-minute bucket with its sketch outweighs the six raw samples
    /// it stands for several times over (see bench/README.md).
    /// </summary>
    public bool MinuteRollupsAtCut { get; set; }

    /// <summary>The head is cut into a block when it holds this many samples (default 2 M: bounds memory to a few MiB of chunks).</summary>
    public long HeadMaxSamples { get; set; } = 2_000_000;

    /// <summary>The head is cut into a block at least this often (default 2 h), so the WAL stays short.</summary>
    public TimeSpan HeadMaxAge { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Blocks are merged when more than this many exist (default 8).</summary>
    public int CompactionFanIn { get; set; } = 8;

    /// <summary>How often the background loop looks at the head, compaction and retention (default 10 s).</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Memory for decoded block sections kept for repeated queries, with their per-minute aggregates
    /// and folded periods (default 48 MiB, about 250 series-days of 10 s data; 0 turns the cache off).
    /// </summary>
    public int DecodedCacheMegabytes { get; set; } = 48;

    /// <summary>Most samples waiting for the WAL before writers are told to retry (default 20 M).</summary>
    public long MaxPendingSamples { get; set; } = 20_000_000;

    /// <summary>Throws with a message naming the setting when a value is out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory)) throw new ArgumentException("Storage:DataDirectory must be set (flag --data or CREMA_DATA)");
        if (RawRetention < TimeSpan.FromDays(14)) throw new ArgumentException("Storage:RawRetention must be at least 14 days, the window in which late samples are accepted");
        if (OneMinuteRetention <= RawRetention) throw new ArgumentException("Storage:OneMinuteRetention must be longer than Storage:RawRetention (rollups replace raw data when it expires)");
        if (OneHourRetention < OneMinuteRetention) throw new ArgumentException("Storage:OneHourRetention must be at least Storage:OneMinuteRetention");
        if (HeadMaxSamples < 1000) throw new ArgumentException("Storage:HeadMaxSamples must be at least 1000");
        if (HeadMaxAge < TimeSpan.FromSeconds(1)) throw new ArgumentException("Storage:HeadMaxAge must be at least 1 second");
        if (DecodedCacheMegabytes < 0) throw new ArgumentException("Storage:DecodedCacheMegabytes must not be negative");
        if (CompactionFanIn < 2) throw new ArgumentException("Storage:CompactionFanIn must be at least 2");
    }
}
