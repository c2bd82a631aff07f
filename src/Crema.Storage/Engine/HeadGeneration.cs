using System.Collections.Concurrent;
using Crema.Core.Metrics;

namespace Crema.Storage.Engine;

/// <summary>
/// One generation of the in-memory head: everything appended since the last cut, all of it
/// also in the WAL segments numbered from <see cref="FirstWalSegment"/> on. A cut freezes the
/// generation, writes it as a block and then drops it together with those segments.
/// </summary>
internal sealed class HeadGeneration
{
    private long _samples;

    public HeadGeneration(int number, int firstWalSegment, long createdAtMs)
    {
        Number = number;
        FirstWalSegment = firstWalSegment;
        CreatedAtMs = createdAtMs;
    }

    public int Number { get; }
    public int FirstWalSegment { get; }
    public long CreatedAtMs { get; }
    public ConcurrentDictionary<SeriesKey, SeriesHead> Series { get; } = new();
    public long SampleCount => Interlocked.Read(ref _samples);

    public SeriesHead GetOrAdd(SeriesKey key, int resolution)
        => Series.TryGetValue(key, out var h) ? h : Series.GetOrAdd(key, static (k, res) => new SeriesHead(k, res), resolution);

    public void Append(SeriesKey key, int resolution, ReadOnlySpan<Sample> samples)
    {
        var n = GetOrAdd(key, resolution).Append(samples);
        Interlocked.Add(ref _samples, n);
    }
}
