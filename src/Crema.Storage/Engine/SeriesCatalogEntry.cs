using Crema.Core.Metrics;

namespace Crema.Storage.Engine;

/// <summary>What the engine remembers of every series it has seen: a process-local id for the WAL, resolution and time span.</summary>
internal sealed class SeriesCatalogEntry
{
    public SeriesCatalogEntry(int id, SeriesKey key, int resolution)
    {
        Id = id;
        Key = key;
        Resolution = resolution;
    }

    public int Id { get; }
    public SeriesKey Key { get; }
    public int Resolution { get; set; }
    public long FirstMs = long.MaxValue;
    public long LastMs = long.MinValue;

    /// <summary>The head generation whose WAL segments already define this id (definitions are repeated once per generation).</summary>
    public int DefinedInGeneration = -1;

    /// <summary>Set once the entry is in the engine's per-metric index (so it is added exactly once).</summary>
    public int Indexed;

    public void Touch(long minT, long maxT)
    {
        long cur;
        while (minT < (cur = Interlocked.Read(ref FirstMs)) && Interlocked.CompareExchange(ref FirstMs, minT, cur) != cur) { }
        while (maxT > (cur = Interlocked.Read(ref LastMs)) && Interlocked.CompareExchange(ref LastMs, maxT, cur) != cur) { }
    }
}
