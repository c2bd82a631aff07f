using Crema.Core.Metrics;
using Crema.Storage;

namespace Crema.Benchmarks.Workload;

/// <summary>
/// Deterministic series and samples shaped like the coffee-shop workload arriving through
/// Prometheus remote write: many shops × products × metrics, scraped every 10 s, about half
/// counters, most of the rest one-decimal gauges and a few full-precision ratios.
/// </summary>
public static class CoffeeShopWorkload
{
    /// <summary>Scrape interval of the workload.</summary>
    public const long IntervalMs = 10_000;

    /// <summary>2026-01-01T00:00:00Z: a fixed origin so every run encodes the same bytes.</summary>
    public const long OriginMs = 1_767_225_600_000;

    private static readonly string[] Metrics =
    [
        "coffees_sold_total", "orders_total", "milk_litres_used_total", "beans_grams_used_total",
        "wait_seconds", "queue_length", "milk_stock_litres", "beans_stock_kg",
        "baristas_on_shift", "card_payment_ratio",
    ];

    private static readonly string[] Products = ["espresso", "latte", "flat_white", "cappuccino", "mocha", "tea", "cake", "croissant", "bagel", "juice"];

    /// <summary>Builds <paramref name="count"/> distinct series keys (namespace, metric, shop, product, till).</summary>
    public static SeriesKey[] Keys(int count, int offset = 0)
    {
        var keys = new SeriesKey[count];
        for (var i = 0; i < count; i++)
        {
            var n = i + offset;
            var metric = Metrics[n % Metrics.Length];
            var product = Products[n / Metrics.Length % Products.Length];
            var shop = n / (Metrics.Length * Products.Length);
            keys[i] = new SeriesKey("CoffeeShop", metric,
            [
                new Dimension("job", "pos"),
                new Dimension("product", product),
                new Dimension("shop", "shop-" + shop.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)),
            ]);
        }
        return keys;
    }

    /// <summary>The value shape of series number <paramref name="index"/>: 5 of 10 counters, 4 gauges, 1 random.</summary>
    public static ValueShape ShapeOf(int index) => (index % 10) switch
    {
        < 5 => ValueShape.Counter,
        < 9 => ValueShape.Gauge,
        _ => ValueShape.Random,
    };

    /// <summary>A generator of one series' values with a given shape, seeded for repeatability.</summary>
    public sealed class ValueGenerator
    {
        private readonly ValueShape _shape;
        private readonly Random _rng;
        private double _value;

        public ValueGenerator(ValueShape shape, int seed)
        {
            _shape = shape;
            _rng = new Random(seed);
            _value = shape == ValueShape.Gauge ? Math.Round(20 + (_rng.NextDouble() * 100), 1) : _rng.Next(0, 10_000);
        }

        public double Next()
        {
            switch (_shape)
            {
                case ValueShape.Counter:
                    _value += _rng.Next(0, 4);
                    return _value;
                case ValueShape.Gauge:
                    _value = Math.Max(0, Math.Round(_value + ((_rng.NextDouble() - 0.5) * 4), 1));
                    return _value;
                default:
                    return _rng.NextDouble();
            }
        }
    }

    /// <summary>
    /// Samples of one series at the scrape interval starting at <paramref name="startMs"/>;
    /// timestamps carry a few ms of scrape jitter like real scrapes do.
    /// </summary>
    public static Sample[] Series(ValueShape shape, int seed, long startMs, int count)
    {
        var gen = new ValueGenerator(shape, seed);
        var jitter = new Random(seed ^ 0x5bd1e995);
        var samples = new Sample[count];
        for (var i = 0; i < count; i++)
        {
            samples[i] = Sample.Plain(startMs + (i * IntervalMs) + jitter.Next(0, 5), gen.Next());
        }
        return samples;
    }

    /// <summary>
    /// Consecutive remote-write-like batches: each holds every key with
    /// <paramref name="samplesPerSeries"/> samples, and batch b starts where batch b−1 ended.
    /// </summary>
    public static List<SeriesWrite[]> Batches(SeriesKey[] keys, int samplesPerSeries, int batchCount, int seedOffset = 0)
    {
        var all = new Sample[keys.Length][];
        for (var s = 0; s < keys.Length; s++)
        {
            all[s] = Series(ShapeOf(s + seedOffset), s + seedOffset, OriginMs, samplesPerSeries * batchCount);
        }
        var batches = new List<SeriesWrite[]>(batchCount);
        for (var b = 0; b < batchCount; b++)
        {
            var batch = new SeriesWrite[keys.Length];
            for (var s = 0; s < keys.Length; s++)
            {
                batch[s] = new SeriesWrite(keys[s], StorageResolution.High, all[s].AsSpan(b * samplesPerSeries, samplesPerSeries).ToArray());
            }
            batches.Add(batch);
        }
        return batches;
    }
}
