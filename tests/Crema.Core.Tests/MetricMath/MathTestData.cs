using Crema.Core.MetricMath;

namespace Crema.Core.Tests.MetricMath;

/// <summary>Seeded series with gaps, evaluation helpers and naive reference computations.</summary>
internal static class MathTestData
{
    public const int Period = 60;
    public const long PeriodMs = Period * 1000L;
    public const long Start = 1_700_000_040_000;   // a multiple of 60 s

    public static readonly EvaluationContext Context = new(Start, Start + 100 * PeriodMs, Period);

    /// <summary>A series on the period grid of <see cref="Context"/> with about <paramref name="gapShare"/> of the periods missing.</summary>
    public static TimeSeries RandomSeries(Random random, string id, double gapShare = 0.3, double zeroShare = 0)
    {
        var times = new List<long>();
        var values = new List<double>();
        for (var k = 0; k < 100; k++)
        {
            if (random.NextDouble() < gapShare) continue;
            times.Add(Start + k * PeriodMs);
            values.Add(random.NextDouble() < zeroShare ? 0 : Math.Round((random.NextDouble() - 0.3) * 200, 3));
        }
        return new TimeSeries(id, "label of " + id, times.ToArray(), values.ToArray());
    }

    public static Dictionary<string, IReadOnlyList<TimeSeries>> Ids(params TimeSeries[] series)
    {
        var ids = new Dictionary<string, IReadOnlyList<TimeSeries>>(StringComparer.Ordinal);
        foreach (var s in series) ids[s.Id] = [s];
        return ids;
    }

    public static IReadOnlyList<TimeSeries> Evaluate(string text, IReadOnlyDictionary<string, IReadOnlyList<TimeSeries>> ids, EvaluationContext? ctx = null)
    {
        Assert.True(ExpressionParser.TryParse(text, out var expr, out var parseError), parseError?.Message);
        Assert.True(ExpressionEvaluator.TryEvaluate(expr!, ids, ctx ?? Context, out var result, out var error), error);
        return result;
    }

    public static string EvaluationError(string text, IReadOnlyDictionary<string, IReadOnlyList<TimeSeries>> ids, EvaluationContext? ctx = null)
    {
        Assert.True(ExpressionParser.TryParse(text, out var expr, out var parseError), parseError?.Message);
        Assert.False(ExpressionEvaluator.TryEvaluate(expr!, ids, ctx ?? Context, out _, out var error));
        Assert.NotNull(error);
        return error;
    }

    public static SortedDictionary<long, double> ToMap(TimeSeries s)
    {
        Assert.Equal(s.TimestampsMs.Length, s.Values.Length);
        var map = new SortedDictionary<long, double>();
        for (var i = 0; i < s.TimestampsMs.Length; i++)
        {
            if (i > 0) Assert.True(s.TimestampsMs[i] > s.TimestampsMs[i - 1], "timestamps ascend");
            map.Add(s.TimestampsMs[i], s.Values[i]);
        }
        return map;
    }

    public static void AssertSeries(SortedDictionary<long, double> expected, TimeSeries actual)
    {
        var map = ToMap(actual);
        Assert.Equal(expected.Keys, map.Keys);
        foreach (var (t, v) in expected)
        {
            Assert.True(Math.Abs(v - map[t]) <= 1e-9 * Math.Max(1, Math.Abs(v)), $"at {t}: expected {v}, got {map[t]}");
        }
    }

    /// <summary>Naive a ⊕ b over the common timestamps, dropping non-finite results.</summary>
    public static SortedDictionary<long, double> NaiveCombine(TimeSeries a, TimeSeries b, Func<double, double, double> op)
    {
        var left = ToMap(a);
        var right = ToMap(b);
        var result = new SortedDictionary<long, double>();
        foreach (var (t, v) in left)
        {
            if (!right.TryGetValue(t, out var w)) continue;
            var r = op(v, w);
            if (double.IsFinite(r)) result[t] = r;
        }
        return result;
    }

    public static SortedDictionary<long, double> NaivePointwise(TimeSeries a, Func<double, double> op)
    {
        var result = new SortedDictionary<long, double>();
        foreach (var (t, v) in ToMap(a))
        {
            var r = op(v);
            if (double.IsFinite(r)) result[t] = r;
        }
        return result;
    }
}
