using Crema.Core.MetricMath;
using static Crema.Core.Tests.MetricMath.MathTestData;

namespace Crema.Core.Tests.MetricMath;

public class ExpressionEvaluatorTests
{
    private static readonly EvaluationContext OnePeriod = new(0, 60_000, 60);

    [Theory]
    [InlineData("1 + 2 * 3", 7)]
    [InlineData("(1 + 2) * 3", 9)]
    [InlineData("2 * 3 - 4 / 2", 4)]
    [InlineData("10 - 4 - 3", 3)]
    [InlineData("100 / 10 / 5", 2)]
    [InlineData("-2 * 3", -6)]
    [InlineData("2 - -3", 5)]
    [InlineData("-(1 + 2) * 2", -6)]
    [InlineData("2 * -3 + 1", -5)]
    [InlineData("1e3 / 0.5", 2000)]
    [InlineData(".5 + 1", 1.5)]
    [InlineData("ABS(-7) - 1", 6)]
    public void Evaluates_numbers_with_usual_precedence(string text, double expected)
    {
        var result = Assert.Single(Evaluate(text, Ids(), OnePeriod));
        Assert.Equal([0L], result.TimestampsMs);
        Assert.Equal([expected], result.Values);
        Assert.Equal(text, result.Label);
    }

    [Fact]
    public void A_constant_expression_fills_the_period_grid()
    {
        // Start 61 s is off the grid: the first boundary is 120 s; End is exclusive.
        var result = Assert.Single(Evaluate("42", Ids(), new EvaluationContext(61_000, 300_000, 60)));
        Assert.Equal([120_000L, 180_000, 240_000], result.TimestampsMs);
        Assert.All(result.Values, v => Assert.Equal(42, v));
    }

    [Theory]
    [InlineData("m1 + m2", '+')]
    [InlineData("m1 - m2", '-')]
    [InlineData("m1 * m2", '*')]
    [InlineData("m1 / m2", '/')]
    public void Series_with_series_aligns_on_common_timestamps(string text, char op)
    {
        var random = new Random(op);
        var m1 = RandomSeries(random, "m1");
        var m2 = RandomSeries(random, "m2", zeroShare: 0.2);
        var result = Assert.Single(Evaluate(text, Ids(m1, m2)));
        AssertSeries(NaiveCombine(m1, m2, Operator(op)), result);
        Assert.Equal(text, result.Label);
        Assert.True(result.TimestampsMs.Length < m1.TimestampsMs.Length, "gaps of either side are dropped");
    }

    [Fact]
    public void Series_with_scalar_applies_per_point_on_either_side()
    {
        var m1 = RandomSeries(new Random(1), "m1");
        var ids = Ids(m1);
        AssertSeries(NaivePointwise(m1, v => v * 2 + 1), Assert.Single(Evaluate("m1 * 2 + 1", ids)));
        AssertSeries(NaivePointwise(m1, v => 10 - v), Assert.Single(Evaluate("10 - m1", ids)));
        AssertSeries(NaivePointwise(m1, v => v == 0 ? double.NaN : 100 / v), Assert.Single(Evaluate("100 / m1", ids)));
        AssertSeries(NaivePointwise(m1, v => -v), Assert.Single(Evaluate("-m1", ids)));
    }

    [Fact]
    public void Division_by_zero_drops_the_point()
    {
        var m1 = new TimeSeries("m1", "a", [0, 60_000, 120_000, 180_000], [1, 2, 0, 4]);
        var m2 = new TimeSeries("m2", "b", [0, 60_000, 120_000, 180_000], [2, 0, 0, 8]);
        var ids = Ids(m1, m2);
        var ratio = Assert.Single(Evaluate("m1 / m2", ids));
        Assert.Equal([0L, 180_000], ratio.TimestampsMs);
        Assert.Equal([0.5, 0.5], ratio.Values);

        var byZero = Assert.Single(Evaluate("m1 / 0", ids));
        Assert.Empty(byZero.TimestampsMs);
        Assert.All(Evaluate("1 / m1", ids)[0].Values, v => Assert.True(double.IsFinite(v)));

        Assert.Contains("division by zero in '1 / (2 - 2)' at position 5", EvaluationError("m1 + 1 / (2 - 2)", ids), StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_with_a_series_pairs_each_element_with_it()
    {
        var random = new Random(3);
        var list = new[] { RandomSeries(random, "a"), RandomSeries(random, "b"), RandomSeries(random, "c") };
        var m2 = RandomSeries(random, "m2");
        var ids = new Dictionary<string, IReadOnlyList<TimeSeries>> { ["m1"] = list, ["m2"] = [m2] };

        var result = Evaluate("m1 - m2", ids);
        Assert.Equal(3, result.Count);
        for (var i = 0; i < 3; i++)
        {
            AssertSeries(NaiveCombine(list[i], m2, (x, y) => x - y), result[i]);
            Assert.Equal(list[i].Label, result[i].Label);
            Assert.Equal(list[i].Id, result[i].Id);
        }

        var flipped = Evaluate("m2 - m1", ids);
        for (var i = 0; i < 3; i++) AssertSeries(NaiveCombine(m2, list[i], (x, y) => x - y), flipped[i]);
    }

    [Fact]
    public void Two_lists_of_equal_length_pair_element_wise_and_unequal_ones_are_an_error()
    {
        var random = new Random(4);
        var a = new[] { RandomSeries(random, "a1"), RandomSeries(random, "a2") };
        var b = new[] { RandomSeries(random, "b1"), RandomSeries(random, "b2") };
        var c = new[] { RandomSeries(random, "c1"), RandomSeries(random, "c2"), RandomSeries(random, "c3") };
        var ids = new Dictionary<string, IReadOnlyList<TimeSeries>> { ["ma"] = a, ["mb"] = b, ["mc"] = c };

        var result = Evaluate("ma * mb", ids);
        Assert.Equal(2, result.Count);
        for (var i = 0; i < 2; i++) AssertSeries(NaiveCombine(a[i], b[i], (x, y) => x * y), result[i]);

        var arrays = Evaluate("[ma, mc] + [mb, mc]", ids);
        Assert.Equal(5, arrays.Count);
        AssertSeries(NaiveCombine(c[2], c[2], (x, y) => x + y), arrays[4]);

        var error = EvaluationError("ma + mc", ids);
        Assert.Contains("cannot combine 2 series with 3 series in 'ma + mc' at position 0", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SUM")]
    [InlineData("AVG")]
    [InlineData("MIN")]
    [InlineData("MAX")]
    public void Aggregates_across_series_at_every_timestamp_any_has(string function)
    {
        var random = new Random(function.Length * 31 + function[1]);
        var a = RandomSeries(random, "a", 0.5);
        var b = RandomSeries(random, "b", 0.5);
        var c = RandomSeries(random, "c", 0.5);
        var ids = new Dictionary<string, IReadOnlyList<TimeSeries>> { ["m1"] = [a, b], ["m2"] = [c] };

        var result = Assert.Single(Evaluate($"{function}([m1, m2])", ids));
        var byTime = new SortedDictionary<long, List<double>>();
        foreach (var s in new[] { a, b, c })
        {
            foreach (var (t, v) in ToMap(s))
            {
                if (!byTime.TryGetValue(t, out var values)) byTime[t] = values = [];
                values.Add(v);
            }
        }
        var expected = new SortedDictionary<long, double>();
        foreach (var (t, values) in byTime)
        {
            expected[t] = function switch
            {
                "SUM" => values.Sum(),
                "AVG" => values.Average(),
                "MIN" => values.Min(),
                _ => values.Max(),
            };
        }
        AssertSeries(expected, result);
        Assert.Equal($"{function}([m1, m2])", result.Label);

        // A list id alone is a valid argument too.
        Assert.Equal(2, Evaluate($"{function}(m1) + 0 * m1", ids).Count);
    }

    [Fact]
    public void Rate_and_diff_use_consecutive_points_across_gaps_and_drop_the_first()
    {
        var m1 = new TimeSeries("m1", "count", [0, 60_000, 180_000, 240_000], [10, 70, 70, 40]);
        var ids = Ids(m1);
        var diff = Assert.Single(Evaluate("DIFF(m1)", ids));
        Assert.Equal([60_000L, 180_000, 240_000], diff.TimestampsMs);
        Assert.Equal([60.0, 0, -30], diff.Values);
        var rate = Assert.Single(Evaluate("RATE(m1)", ids));
        Assert.Equal([60_000L, 180_000, 240_000], rate.TimestampsMs);
        Assert.Equal([1.0, 0, -0.5], rate.Values);
    }

    [Fact]
    public void Rate_diff_and_abs_match_naive_computations_on_random_series()
    {
        var random = new Random(5);
        var list = new[] { RandomSeries(random, "a"), RandomSeries(random, "b") };
        var ids = new Dictionary<string, IReadOnlyList<TimeSeries>> { ["m1"] = list };

        var rates = Evaluate("rate(m1)", ids);
        var diffs = Evaluate("Diff(m1)", ids);
        var abs = Evaluate("ABS(m1)", ids);
        for (var s = 0; s < list.Length; s++)
        {
            var t = list[s].TimestampsMs;
            var v = list[s].Values;
            var expectedRate = new SortedDictionary<long, double>();
            var expectedDiff = new SortedDictionary<long, double>();
            for (var i = 1; i < t.Length; i++)
            {
                expectedDiff[t[i]] = v[i] - v[i - 1];
                expectedRate[t[i]] = (v[i] - v[i - 1]) / ((t[i] - t[i - 1]) / 1000.0);
            }
            AssertSeries(expectedRate, rates[s]);
            AssertSeries(expectedDiff, diffs[s]);
            AssertSeries(NaivePointwise(list[s], Math.Abs), abs[s]);
            Assert.Equal(list[s].Label, rates[s].Label);
        }
        Assert.Equal("RATE(m2)", Evaluate("RATE(m2)", Ids(RandomSeries(random, "m2")))[0].Label);
    }

    [Fact]
    public void Fill_with_a_value_fills_every_missing_period_of_the_window_and_keeps_the_label()
    {
        var ctx = new EvaluationContext(30_000, 330_000, 60);   // grid 60, 120, 180, 240, 300 s
        var m1 = new TimeSeries("m1", "Orders", [120_000, 240_000], [5, 7]);
        var result = Assert.Single(Evaluate("FILL(m1, -1 * 2)", Ids(m1), ctx));
        Assert.Equal([60_000L, 120_000, 180_000, 240_000, 300_000], result.TimestampsMs);
        Assert.Equal([-2.0, 5, -2, 7, -2], result.Values);
        Assert.Equal("Orders", result.Label);
        Assert.Equal("m1", result.Id);

        var empty = new TimeSeries("m2", "None", [], []);
        var filled = Assert.Single(Evaluate("FILL(m2, 0)", Ids(empty), ctx));
        Assert.Equal(5, filled.Values.Length);
        Assert.All(filled.Values, v => Assert.Equal(0, v));
    }

    [Fact]
    public void Fill_repeat_carries_the_last_value_and_linear_interpolates()
    {
        var ctx = new EvaluationContext(0, 480_000, 60);   // grid 0 .. 420 s
        var m1 = new TimeSeries("m1", "Temp", [60_000, 240_000, 300_000], [10, 40, double.NaN]);
        var repeat = Assert.Single(Evaluate("FILL(m1, REPEAT)", Ids(m1), ctx));
        // Nothing before the first value; the NaN at 300 s counts as missing.
        Assert.Equal([60_000L, 120_000, 180_000, 240_000, 300_000, 360_000, 420_000], repeat.TimestampsMs);
        Assert.Equal([10.0, 10, 10, 40, 40, 40, 40], repeat.Values);

        var linear = Assert.Single(Evaluate("FILL(m1, LINEAR)", Ids(m1), ctx));
        Assert.Equal([60_000L, 120_000, 180_000, 240_000], linear.TimestampsMs);
        Assert.Equal([10.0, 20, 30, 40], linear.Values);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(FillMode.Repeat)]
    [InlineData(FillMode.Linear)]
    public void Fill_matches_a_naive_fill_on_random_series(FillMode? mode)
    {
        var random = new Random(6 + (int)(mode ?? FillMode.Repeat) * 7 + (mode is null ? 100 : 0));
        var list = new[] { RandomSeries(random, "a", 0.6), RandomSeries(random, "b", 0.1) };
        var ids = new Dictionary<string, IReadOnlyList<TimeSeries>> { ["m1"] = list };
        // A window a little wider than the data, starting off the grid.
        var ctx = new EvaluationContext(Start - 3 * PeriodMs - 1_234, Start + 103 * PeriodMs, Period);
        var arg = mode switch { FillMode.Repeat => "REPEAT", FillMode.Linear => "LINEAR", _ => "3.5" };
        var result = Evaluate($"FILL(m1, {arg})", ids, ctx);
        Assert.Equal(2, result.Count);
        for (var s = 0; s < list.Length; s++)
        {
            var known = ToMap(list[s]);
            var expected = new SortedDictionary<long, double>(known);
            for (var t = Start - 3 * PeriodMs; t < ctx.EndMs; t += PeriodMs)
            {
                if (known.ContainsKey(t)) continue;
                var before = known.Where(p => p.Key < t).ToList();
                var after = known.Where(p => p.Key > t).ToList();
                if (mode is null) expected[t] = 3.5;
                else if (mode == FillMode.Repeat && before.Count > 0) expected[t] = before[^1].Value;
                else if (mode == FillMode.Linear && before.Count > 0 && after.Count > 0)
                {
                    var (t0, v0) = (before[^1].Key, before[^1].Value);
                    var (t1, v1) = (after[0].Key, after[0].Value);
                    expected[t] = v0 + (v1 - v0) * (t - t0) / (t1 - t0);
                }
            }
            AssertSeries(expected, result[s]);
            Assert.Equal(list[s].Label, result[s].Label);
        }
    }

    [Fact]
    public void Fill_rejects_a_series_as_value_and_a_bad_period()
    {
        var ids = Ids(RandomSeries(new Random(7), "m1"), RandomSeries(new Random(8), "m2"));
        Assert.Contains("FILL's second argument 'm2' at position 9 must be a number, REPEAT or LINEAR",
            EvaluationError("FILL(m1, m2)", ids), StringComparison.Ordinal);
        Assert.Contains("FILL at position 0 needs series", EvaluationError("FILL(2, 0)", ids), StringComparison.Ordinal);
        Assert.Contains("period must be positive", EvaluationError("FILL(m1, 0)", ids, new EvaluationContext(0, 1, 0)), StringComparison.Ordinal);
        Assert.Contains("at most", EvaluationError("FILL(m1, 0)", ids, new EvaluationContext(0, 10_000_000_000_000, 1)), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_ids_and_functions_are_named()
    {
        var ids = Ids(RandomSeries(new Random(9), "m1"));
        Assert.Equal("unknown id 'm7' at position 5; known ids: m1", EvaluationError("m1 + m7", ids));

        // A tree built by hand can hold what the parser would reject.
        var call = new CallExpr("MEDIAN", [new IdExpr("m1", 7, "m1")], 0, "MEDIAN(m1)");
        Assert.False(ExpressionEvaluator.TryEvaluate(call, ids, Context, out _, out var error));
        Assert.Equal("unknown function 'MEDIAN' at position 0; known functions: ABS, AVG, DIFF, FILL, MAX, MIN, RATE, SUM", error);
        var arity = new CallExpr("RATE", [], 0, "RATE()");
        Assert.False(ExpressionEvaluator.TryEvaluate(arity, ids, Context, out _, out error));
        Assert.Equal("RATE at position 0 takes 1 argument but got 0", error);
    }

    [Fact]
    public void Functions_that_need_series_reject_numbers_and_arrays_reject_numbers()
    {
        var ids = Ids(RandomSeries(new Random(10), "m1"));
        Assert.Contains("SUM at position 0 needs series", EvaluationError("SUM(3)", ids), StringComparison.Ordinal);
        Assert.Contains("RATE at position 0 needs series", EvaluationError("RATE(1 + 2)", ids), StringComparison.Ordinal);
        Assert.Contains("an array holds series, but '5' at position 9 is a number", EvaluationError("MAX([m1, 5])", ids), StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_malformed_input_series()
    {
        var unsorted = new TimeSeries("m1", "bad", [60_000, 0], [1, 2]);
        Assert.Contains("do not strictly ascend at index 1", EvaluationError("m1 * 2", Ids(unsorted)), StringComparison.Ordinal);
        var ragged = new TimeSeries("m1", "bad", [0, 60_000], [1]);
        Assert.Contains("2 timestamps but 1 values", EvaluationError("m1", Ids(ragged)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_id_returns_its_series_unchanged()
    {
        var random = new Random(11);
        var list = new[] { RandomSeries(random, "a"), RandomSeries(random, "b") };
        var ids = new Dictionary<string, IReadOnlyList<TimeSeries>> { ["m1"] = list };
        Assert.Equal(list, Evaluate("m1", ids));
        Assert.Equal(list, Evaluate("(m1)", ids));
        Assert.Equal(list, Evaluate("[m1]", ids));
    }

    [Fact]
    public void Nested_expressions_compose()
    {
        var random = new Random(12);
        var m1 = RandomSeries(random, "m1");
        var m2 = RandomSeries(random, "m2");
        var result = Assert.Single(Evaluate("ABS(DIFF(m1)) * 2 + SUM([m1, m2]) / 4", Ids(m1, m2)));
        var diff = new SortedDictionary<long, double>();
        for (var i = 1; i < m1.Values.Length; i++) diff[m1.TimestampsMs[i]] = Math.Abs(m1.Values[i] - m1.Values[i - 1]) * 2;
        var sum = new SortedDictionary<long, double>(ToMap(m1));
        foreach (var (t, v) in ToMap(m2)) sum[t] = sum.TryGetValue(t, out var w) ? w + v : v;
        var expected = new SortedDictionary<long, double>();
        foreach (var (t, v) in diff)
        {
            if (sum.TryGetValue(t, out var s)) expected[t] = v + s / 4;
        }
        AssertSeries(expected, result);
    }

    private static Func<double, double, double> Operator(char op) => op switch
    {
        '+' => (x, y) => x + y,
        '-' => (x, y) => x - y,
        '*' => (x, y) => x * y,
        _ => (x, y) => y == 0 ? double.NaN : x / y,
    };
}
