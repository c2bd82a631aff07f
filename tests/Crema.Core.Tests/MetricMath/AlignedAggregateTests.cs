using Crema.Core.MetricMath;

namespace Crema.Core.Tests.MetricMath;

/// <summary>SUM/AVG/MIN/MAX over series that share one timeline take a column-wise path; it must agree with a naive computation.</summary>
public sealed class AlignedAggregateTests
{
    [Theory]
    [InlineData("SUM")]
    [InlineData("AVG")]
    [InlineData("MIN")]
    [InlineData("MAX")]
    public void Aggregates_over_one_shared_timeline_equal_a_naive_computation(string fn)
    {
        var rnd = new Random(11);
        var times = Enumerable.Range(0, 50).Select(i => 1_700_000_000_000L + i * 60_000L).ToArray();
        var series = Enumerable.Range(0, 7).Select(s => new TimeSeries("m", "s" + s, (long[])times.Clone(),
            times.Select(_ => rnd.NextDouble() < 0.2 ? double.NaN : Math.Round(rnd.NextDouble() * 100 - 20, 3)).ToArray())).ToList();
        // One column where every series is NaN: no point there.
        foreach (var s in series) s.Values[7] = double.NaN;
        Assert.True(ExpressionParser.TryParse(fn + "(m)", out var expr, out _));
        Assert.True(ExpressionEvaluator.TryEvaluate(expr!, new Dictionary<string, IReadOnlyList<TimeSeries>> { ["m"] = series },
            new EvaluationContext(times[0], times[^1] + 60_000, 60), out var result, out var error), error);
        var r = Assert.Single(result);
        var expectedTimes = new List<long>();
        var expected = new List<double>();
        for (var i = 0; i < times.Length; i++)
        {
            var col = series.Select(s => s.Values[i]).Where(v => !double.IsNaN(v)).ToList();
            if (col.Count == 0) continue;
            expectedTimes.Add(times[i]);
            expected.Add(fn switch { "SUM" => col.Sum(), "AVG" => col.Average(), "MIN" => col.Min(), _ => col.Max() });
        }
        Assert.Equal(expectedTimes, r.TimestampsMs);
        Assert.Equal(expected.Count, r.Values.Length);
        for (var i = 0; i < expected.Count; i++) Assert.Equal(expected[i], r.Values[i], 9);
        Assert.DoesNotContain(times[7], r.TimestampsMs);
    }
}
