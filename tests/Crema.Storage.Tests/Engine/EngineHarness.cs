using Crema.Core.Metrics;
using Crema.Storage.Engine;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Storage.Tests.Engine;

/// <summary>Opening engines over test directories, feeding them batches, and copying data directories to simulate crashes.</summary>
internal static class EngineHarness
{
    /// <summary>An hour-aligned start time (2023-11-14 22:00 UTC).</summary>
    public const long T0 = 1_699_999_200_000;

    public static FakeTimeProvider Clock(long ms = T0) => new(DateTimeOffset.FromUnixTimeMilliseconds(ms));

    public static SampleEngine Open(string dataDirectory, TimeProvider time, Action<EngineOptions>? configure = null)
    {
        var options = new EngineOptions { DataDirectory = dataDirectory };
        configure?.Invoke(options);
        return SampleEngine.Open(options, time);
    }

    /// <summary>Moves the fake clock forward to <paramref name="ms"/> (never back).</summary>
    public static void AdvanceTo(FakeTimeProvider time, long ms)
    {
        if (ms > time.GetUtcNow().ToUnixTimeMilliseconds()) time.SetUtcNow(DateTimeOffset.FromUnixTimeMilliseconds(ms));
    }

    /// <summary>
    /// Appends batches <paramref name="parallel"/> at a time (so group commit groups them); with a
    /// clock, moves it to each group's newest sample first, as a server accepting them live would be.
    /// </summary>
    public static async Task AppendAsync(SampleEngine engine, IEnumerable<List<SeriesWrite>> batches, int parallel, FakeTimeProvider? time = null)
    {
        var group = new List<List<SeriesWrite>>(parallel);
        foreach (var b in batches)
        {
            group.Add(b);
            if (group.Count == parallel) await Flush().ConfigureAwait(false);
        }
        await Flush().ConfigureAwait(false);

        async Task Flush()
        {
            if (group.Count == 0) return;
            if (time is not null)
            {
                long newest = long.MinValue;
                foreach (var b in group)
                    foreach (var w in b)
                        foreach (var s in w.Span) newest = Math.Max(newest, s.TimestampMs);
                AdvanceTo(time, newest);
            }
            var tasks = new Task[group.Count];
            for (var i = 0; i < group.Count; i++) tasks[i] = engine.AppendAsync(group[i]).AsTask();
            await Task.WhenAll(tasks).ConfigureAwait(false);
            group.Clear();
        }
    }

    /// <summary>Copies a directory tree: taken while an engine is open, it is what a crash at that moment leaves on disk.</summary>
    public static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
    }

    public static string WalDir(string dataDirectory) => Path.Combine(dataDirectory, "wal");

    public static string BlockDir(string dataDirectory) => Path.Combine(dataDirectory, "blocks");

    public static string[] BlockFiles(string dataDirectory, string prefix)
    {
        var files = Directory.GetFiles(BlockDir(dataDirectory), prefix + "-*.crb");
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    /// <summary>Raw block files on disk (each cut also writes rollup files, which GetStats counts too).</summary>
    public static int RawBlocks(string dataDirectory) => BlockFiles(dataDirectory, "raw").Length;

    /// <summary>Samples sorted by time, then by their bits: a canonical order for comparing multisets.</summary>
    public static List<Sample> Canonical(IEnumerable<Sample> samples)
    {
        var list = new List<Sample>(samples);
        list.Sort(static (a, b) =>
        {
            var c = a.TimestampMs.CompareTo(b.TimestampMs);
            if (c == 0) c = Bits(a.Sum).CompareTo(Bits(b.Sum));
            if (c == 0) c = Bits(a.Count).CompareTo(Bits(b.Count));
            if (c == 0) c = Bits(a.Min).CompareTo(Bits(b.Min));
            if (c == 0) c = Bits(a.Max).CompareTo(Bits(b.Max));
            return c;
        });
        return list;
    }

    /// <summary>Asserts that the engine holds exactly these samples for the series (bit for bit, each once) and in time order.</summary>
    public static void AssertRawEquals(SampleEngine engine, SeriesKey key, IEnumerable<Sample> expected)
    {
        var actual = engine.ReadRaw(key, long.MinValue / 2, long.MaxValue / 2);
        for (var i = 1; i < actual.Count; i++)
        {
            if (actual[i - 1].TimestampMs > actual[i].TimestampMs) Assert.Fail($"ReadRaw of {key} is out of time order at {i}");
        }
        SampleAssert.BitEqual(Canonical(expected).ToArray(), Canonical(actual).ToArray());
    }

    private static long Bits(double d) => BitConverter.DoubleToInt64Bits(d);
}
