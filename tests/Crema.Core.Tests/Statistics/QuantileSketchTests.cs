using Crema.Core.Statistics;

namespace Crema.Core.Tests.Statistics;

public class QuantileSketchTests
{
    private const double Alpha = QuantileSketch.RelativeAccuracy;

    [Theory]
    [InlineData("uniform", 10_000, 1)]
    [InlineData("lognormal", 20_000, 2)]
    [InlineData("negative", 5_000, 3)]
    [InlineData("mixed", 20_000, 4)]
    [InlineData("duplicates", 3_000, 5)]
    [InlineData("tiny", 5_000, 6)]
    [InlineData("huge", 5_000, 7)]
    [InlineData("latency", 1_000, 8)]
    [InlineData("mixed", 7, 9)]
    [InlineData("lognormal", 1, 10)]
    public void Every_quantile_is_within_alpha_of_the_sample_at_the_same_rank(string distribution, int n, int seed)
    {
        var values = SketchTestData.Generate(distribution, n, seed);
        var sketch = new QuantileSketch();
        foreach (var v in values) sketch.Add(v);
        Array.Sort(values);

        Assert.Equal(n, sketch.Count);
        Assert.Equal(values[0], sketch.Min);
        Assert.Equal(values[^1], sketch.Max);
        foreach (var q in SketchTestData.Quantiles)
        {
            AssertWithinAlpha(SketchTestData.LowerRank(values, q), sketch.Quantile(q), q);
        }
        // A fine sweep catches rank bookkeeping errors the fixed list might miss.
        for (var q = 0.0; q <= 1; q += 0.0137)
        {
            AssertWithinAlpha(SketchTestData.LowerRank(values, q), sketch.Quantile(q), q);
        }
    }

    [Fact]
    public void Extremes_are_exact()
    {
        var sketch = new QuantileSketch();
        sketch.Add(3.14159);
        sketch.Add(-2.71828);
        sketch.Add(1e-9);
        Assert.Equal(-2.71828, sketch.Quantile(0));
        Assert.Equal(3.14159, sketch.Quantile(1));
        Assert.Equal(-2.71828, sketch.Min);
        Assert.Equal(3.14159, sketch.Max);
    }

    [Fact]
    public void Estimates_are_clamped_to_min_and_max()
    {
        var sketch = new QuantileSketch();
        for (var i = 0; i < 5; i++) sketch.Add(100.0);
        foreach (var q in SketchTestData.Quantiles) Assert.Equal(100.0, sketch.Quantile(q));
    }

    [Fact]
    public void Empty_sketch_has_no_count_and_NaN_statistics()
    {
        var sketch = new QuantileSketch();
        sketch.Add(double.NaN);
        sketch.Add(double.PositiveInfinity);
        sketch.Add(double.NegativeInfinity, 3);
        Assert.True(sketch.IsEmpty);
        Assert.Equal(0, sketch.Count);
        Assert.True(double.IsNaN(sketch.Min));
        Assert.True(double.IsNaN(sketch.Max));
        Assert.True(double.IsNaN(sketch.Quantile(0.5)));
        Assert.True(double.IsNaN(sketch.Quantile(0)));
    }

    [Fact]
    public void Invalid_weight_and_quantile_are_rejected()
    {
        var sketch = new QuantileSketch();
        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Add(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Add(1, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Add(1, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Add(1, double.PositiveInfinity));
        sketch.Add(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Quantile(1.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Quantile(-0.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Quantile(double.NaN));
    }

    [Theory]
    [InlineData("mixed", 11)]
    [InlineData("lognormal", 12)]
    [InlineData("duplicates", 13)]
    public void Merge_equals_the_sketch_of_the_concatenation(string distribution, int seed)
    {
        var values = SketchTestData.Generate(distribution, 10_000, seed);
        var whole = new QuantileSketch();
        foreach (var v in values) whole.Add(v);

        var random = new Random(seed);
        var parts = new QuantileSketch[7];
        for (var i = 0; i < parts.Length; i++) parts[i] = new QuantileSketch();
        foreach (var v in values) parts[random.Next(parts.Length)].Add(v);
        var merged = new QuantileSketch();
        foreach (var part in parts) merged.Merge(part);

        AssertSameSketch(whole, merged);
    }

    [Fact]
    public void Merge_into_a_non_empty_sketch_and_of_empty_sketches_is_exact()
    {
        var values = SketchTestData.Generate("mixed", 2_000, 14);
        var whole = new QuantileSketch();
        foreach (var v in values) whole.Add(v);
        var left = new QuantileSketch();
        var right = new QuantileSketch();
        for (var i = 0; i < values.Length; i++) (i < 500 ? left : right).Add(values[i]);
        left.Merge(new QuantileSketch());
        left.Merge(right);
        AssertSameSketch(whole, left);

        var empty = new QuantileSketch();
        empty.Merge(whole);
        AssertSameSketch(whole, empty);
    }

    [Fact]
    public void Merging_a_sketch_into_itself_doubles_every_count()
    {
        var values = SketchTestData.Generate("mixed", 1_000, 15);
        var doubled = new QuantileSketch();
        var expected = new QuantileSketch();
        foreach (var v in values)
        {
            doubled.Add(v);
            expected.Add(v, 2);
        }
        doubled.Merge(doubled);
        AssertSameSketch(expected, doubled);
    }

    [Fact]
    public void Weighted_add_equals_repeated_add()
    {
        var random = new Random(16);
        var values = SketchTestData.Generate("mixed", 500, 16);
        var weighted = new QuantileSketch();
        var repeated = new QuantileSketch();
        foreach (var v in values)
        {
            var w = random.Next(1, 6);
            weighted.Add(v, w);
            for (var i = 0; i < w; i++) repeated.Add(v);
        }
        AssertSameSketch(repeated, weighted);
    }

    [Fact]
    public void Fractional_weights_act_as_proportional_counts()
    {
        var halves = new QuantileSketch();
        var wholes = new QuantileSketch();
        var values = SketchTestData.Generate("lognormal", 1_000, 17);
        foreach (var v in values)
        {
            halves.Add(v, 0.5);
            halves.Add(v, 0.5);
            wholes.Add(v);
        }
        Assert.Equal(wholes.Count, halves.Count);
        foreach (var q in SketchTestData.Quantiles) Assert.Equal(wholes.Quantile(q), halves.Quantile(q));
    }

    [Fact]
    public void Values_spanning_21_orders_of_magnitude_collapse_the_lowest_buckets_and_keep_high_quantiles()
    {
        var random = new Random(18);
        var values = new double[20_000];
        for (var i = 0; i < values.Length; i++) values[i] = Math.Pow(10, -9 + 21 * random.NextDouble());
        var sketch = new QuantileSketch();
        foreach (var v in values) sketch.Add(v);
        Array.Sort(values);

        Assert.True(sketch.BucketCapacity <= QuantileSketch.MaxBucketsPerSign);
        // Magnitudes within MaxBucketsPerSign buckets of the maximum keep the guarantee.
        var gamma = (1 + Alpha) / (1 - Alpha);
        var accurateFrom = sketch.Max / Math.Pow(gamma, QuantileSketch.MaxBucketsPerSign - 2);
        var checkedAny = 0;
        foreach (var q in SketchTestData.Quantiles)
        {
            var expected = SketchTestData.LowerRank(values, q);
            if (expected < accurateFrom) continue;
            AssertWithinAlpha(expected, sketch.Quantile(q), q);
            checkedAny++;
        }
        Assert.True(checkedAny >= 5);

        // Collapsing depends only on the values, not on the order or on merging.
        var parts = new[] { new QuantileSketch(), new QuantileSketch(), new QuantileSketch() };
        for (var i = values.Length - 1; i >= 0; i--) parts[i % 3].Add(values[i]);
        parts[2].Merge(parts[0]);
        parts[2].Merge(parts[1]);
        AssertSameSketch(sketch, parts[2]);
    }

    [Fact]
    public void Negative_values_collapse_the_most_negative_buckets()
    {
        var random = new Random(19);
        var values = new double[5_000];
        for (var i = 0; i < values.Length; i++) values[i] = -Math.Pow(10, -9 + 21 * random.NextDouble());
        var sketch = new QuantileSketch();
        foreach (var v in values) sketch.Add(v);
        Array.Sort(values);
        Assert.True(sketch.BucketCapacity <= QuantileSketch.MaxBucketsPerSign);
        // The values nearest zero (the high quantiles) stay accurate.
        foreach (var q in new[] { 0.9, 0.99, 0.999, 1 })
        {
            AssertWithinAlpha(SketchTestData.LowerRank(values, q), sketch.Quantile(q), q);
        }
    }

    [Fact]
    public void Clear_makes_the_sketch_reusable_as_new()
    {
        var sketch = new QuantileSketch();
        foreach (var v in SketchTestData.Generate("mixed", 1_000, 20)) sketch.Add(v);
        sketch.Clear();
        Assert.True(sketch.IsEmpty);
        Assert.True(double.IsNaN(sketch.Quantile(0.5)));

        var fresh = new QuantileSketch();
        foreach (var v in SketchTestData.Generate("uniform", 1_000, 21))
        {
            sketch.Add(v);
            fresh.Add(v);
        }
        AssertSameSketch(fresh, sketch);
    }

    [Fact]
    public void A_small_sketch_stays_small_in_memory()
    {
        var sketch = new QuantileSketch();
        foreach (var v in new[] { 10.0, 10.01, 10.02, 10.03, 10.04, 10.05 }) sketch.Add(v);
        Assert.True(sketch.BucketCapacity <= 8, $"capacity {sketch.BucketCapacity}");
    }

    internal static void AssertSameSketch(QuantileSketch expected, QuantileSketch actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Min, actual.Min);
        Assert.Equal(expected.Max, actual.Max);
        for (var q = 0.0; q <= 1; q += 0.001) Assert.Equal(expected.Quantile(q), actual.Quantile(q));
        Assert.Equal(SketchTestData.Serialize(expected), SketchTestData.Serialize(actual));
    }

    private static void AssertWithinAlpha(double expected, double actual, double q)
    {
        // α plus a few ulps for the boundary rounding of log and exp.
        var tolerance = (Alpha + 1e-12) * Math.Abs(expected);
        Assert.True(Math.Abs(actual - expected) <= tolerance,
            $"q={q}: estimate {actual} vs true {expected}, relative error {Math.Abs(actual - expected) / Math.Abs(expected)}");
    }
}
