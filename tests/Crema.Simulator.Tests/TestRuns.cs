using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Crema.Client.Contracts;
using Crema.Simulator.Engine;
using Crema.Simulator.Model;

namespace Crema.Simulator.Tests;

/// <summary>Runs shops directly through simulated time and offers helpers over the emitted datums.</summary>
internal sealed class TestRuns
{
    /// <summary>A Monday, 00:00 UTC.</summary>
    public static readonly DateTimeOffset Monday = new(2025, 3, 3, 0, 0, 0, TimeSpan.Zero);

    public required ShopSimulator[] Shops { get; init; }
    public required List<MetricDatumDto> Datums { get; init; }

    /// <summary>Runs every shop of <paramref name="options"/> from <paramref name="start"/> to <paramref name="end"/> in steps of <paramref name="step"/> (default 1 h).</summary>
    public static TestRuns Run(SimulatorOptions options, DateTimeOffset start, DateTimeOffset end, TimeSpan? step = null,
        Action<ShopSimulator[], DateTimeOffset>? beforeStep = null)
    {
        var profiles = options.ResolveShops();
        var shops = new ShopSimulator[profiles.Count];
        for (var i = 0; i < shops.Length; i++) shops[i] = new ShopSimulator(profiles[i], i, options, start);
        var datums = new List<MetricDatumDto>();
        var s = step ?? TimeSpan.FromHours(1);
        for (var t = start; t < end;)
        {
            beforeStep?.Invoke(shops, t);
            t = t + s > end ? end : t + s;
            foreach (var shop in shops) shop.AdvanceTo(t, datums);
        }
        return new TestRuns { Shops = shops, Datums = datums };
    }

    public static string? Dim(MetricDatumDto d, string name)
    {
        foreach (var x in d.Dimensions ?? []) if (x.Name == name) return x.Value;
        return null;
    }

    /// <summary>Datums of <paramref name="metric"/> for <paramref name="shop"/> with exactly the Shop dimension.</summary>
    public IEnumerable<MetricDatumDto> ShopSeries(string metric, string shop)
        => Datums.Where(d => d.MetricName == metric && d.Dimensions!.Count == 1 && Dim(d, "Shop") == shop);

    /// <summary>Every value with its count expanded, sorted.</summary>
    public static double[] Expand(IEnumerable<MetricDatumDto> datums)
    {
        var all = new List<double>();
        foreach (var d in datums)
        {
            if (d.Value is { } v) all.Add(v);
            if (d.Values is { } vs)
                for (var i = 0; i < vs.Count; i++)
                    for (var c = 0; c < (int)d.Counts![i]; c++) all.Add(vs[i]);
        }
        all.Sort();
        return [.. all];
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(double[] sorted, double p) => sorted[(int)Math.Ceiling(p / 100 * sorted.Length) - 1];

    /// <summary>A digest of every field of every datum, in order.</summary>
    public static string Fingerprint(IEnumerable<MetricDatumDto> datums)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var sb = new StringBuilder();
        foreach (var d in datums) Append(hash, sb, d);
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>One digest per shop, each over that shop's datums in order ("shop=digest,...", shops sorted).</summary>
    public static string FingerprintByShop(IEnumerable<MetricDatumDto> datums)
    {
        var hashes = new SortedDictionary<string, IncrementalHash>(StringComparer.Ordinal);
        var sb = new StringBuilder();
        foreach (var d in datums)
        {
            var shop = Dim(d, "Shop")!;
            if (!hashes.TryGetValue(shop, out var h)) hashes[shop] = h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            Append(h, sb, d);
        }
        var parts = new List<string>();
        foreach (var (shop, h) in hashes)
        {
            parts.Add(shop + "=" + Convert.ToHexString(h.GetHashAndReset()));
            h.Dispose();
        }
        return string.Join(",", parts);
    }

    private static void Append(IncrementalHash hash, StringBuilder sb, MetricDatumDto d)
    {
        sb.Clear();
        sb.Append(d.MetricName).Append('|').Append(d.Unit).Append('|').Append(d.Timestamp?.UtcTicks).Append('|').Append(d.StorageResolution);
        foreach (var x in d.Dimensions ?? []) sb.Append('|').Append(x.Name).Append('=').Append(x.Value);
        sb.Append('|').Append(d.Value?.ToString("R", CultureInfo.InvariantCulture));
        foreach (var v in d.Values ?? []) sb.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
        foreach (var c in d.Counts ?? []) sb.Append(';').Append(c.ToString("R", CultureInfo.InvariantCulture));
        sb.Append('\n');
        hash.AppendData(Encoding.UTF8.GetBytes(sb.ToString()));
    }

    /// <summary>Sum of the Value of each (metric, shop, item) series; item is "" for shop-level series.</summary>
    public Dictionary<(string Metric, string Shop, string Item), double> Sums()
    {
        var sums = new Dictionary<(string, string, string), double>();
        foreach (var d in Datums)
        {
            if (d.Value is not { } v) continue;
            var key = (d.MetricName!, Dim(d, "Shop")!, Dim(d, "Item") ?? "");
            sums[key] = sums.GetValueOrDefault(key) + v;
        }
        return sums;
    }

    public static TimeSpan LocalTimeOfDay(DateTimeOffset t, TimeSpan offset) => (t + offset).UtcDateTime.TimeOfDay;

    public static MenuItem Item(ShopProfile p, string name) => p.Menu.Single(m => m.Name == name);
}
