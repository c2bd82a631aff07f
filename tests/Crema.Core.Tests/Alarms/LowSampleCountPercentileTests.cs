using Crema.Core.Alarms;
using Crema.Core.Statistics;
using static Crema.Core.Tests.Alarms.AlarmEvaluatorTestData;

namespace Crema.Core.Tests.Alarms;

public class LowSampleCountPercentileTests
{
    [Theory]
    [InlineData("p99", 1000)]
    [InlineData("p90", 100)]
    [InlineData("p50", 20)]
    [InlineData("p99.9", 10000)]
    [InlineData("p25", 40)]
    [InlineData("p10", 100)]
    [InlineData("p0", 0)]
    [InlineData("p100", 0)]
    [InlineData("Average", 0)]
    [InlineData("Maximum", 0)]
    public void Minimum_samples_follow_CloudWatchs_rule_for_significant_percentiles(string statistic, double expected)
    {
        Assert.True(Statistic.TryParse(statistic, out var parsed, out _));
        Assert.Equal(expected, LowSampleCountPercentileRules.MinimumSamples(parsed), 6);
    }

    [Fact]
    public void Ignore_keeps_the_state_while_the_newest_period_has_too_few_samples()
    {
        var def = Alarm(n: 3, threshold: 5, statistic: "p90") with { EvaluateLowSampleCountPercentile = LowSampleCountPercentile.Ignore };
        var points = Pattern("0 0 X X X");
        var low = WithSamples(points, 500, 500, 500, 500, 99);
        var kept = AlarmEvaluator.Evaluate(def, AlarmState.Ok, low, End, End.AddSeconds(3));
        Assert.Equal(AlarmState.Ok, kept.State);
        Assert.Equal(AlarmDecision.LowSampleCount, kept.Decision);
        Assert.Contains("has 99 samples, fewer than the 100 a p90 needs", kept.Reason, StringComparison.Ordinal);

        // 100 samples are enough for p90; and "evaluate" decides whatever the count.
        Assert.Equal(AlarmState.Alarm, AlarmEvaluator.Evaluate(def, AlarmState.Ok, WithSamples(points, 1, 1, 1, 1, 100), End, End.AddSeconds(3)).State);
        var evaluate = def with { EvaluateLowSampleCountPercentile = LowSampleCountPercentile.Evaluate };
        Assert.Equal(AlarmState.Alarm, AlarmEvaluator.Evaluate(evaluate, AlarmState.Ok, low, End, End.AddSeconds(3)).State);

        // An unknown sample count is evaluated.
        Assert.Equal(AlarmState.Alarm, AlarmEvaluator.Evaluate(def, AlarmState.Ok, points, End, End.AddSeconds(3)).State);
    }

    [Fact]
    public void Ignore_agrees_with_evaluate_unless_the_newest_real_datapoint_is_under_the_minimum()
    {
        var rng = new Random(20250310);
        var statistics = new[] { "p50", "p90", "p99", "p10" };
        for (var trial = 0; trial < 3000; trial++)
        {
            var stat = statistics[rng.Next(statistics.Length)];
            var needed = LowSampleCountPercentileRules.MinimumSamples(stat);
            var n = rng.Next(1, 5);
            var treat = (TreatMissingData)rng.Next(4);
            var evaluate = Alarm(n: n, m: rng.Next(1, n + 1), treat: treat, threshold: 5, statistic: stat);
            var ignore = evaluate with { EvaluateLowSampleCountPercentile = LowSampleCountPercentile.Ignore };
            var chars = new char[n + AlarmEvaluator.EvaluationRangeExtraPeriods];
            for (var i = 0; i < chars.Length; i++) chars[i] = "0X-"[rng.Next(3)];
            var points = Pattern(new string(chars));
            var counts = new double?[points.Count];
            for (var i = 0; i < counts.Length; i++) counts[i] = rng.Next(4) == 0 ? null : Math.Round(needed * rng.NextDouble() * 2);
            for (var i = 0; i < points.Count; i++) points[i] = points[i] with { SampleCount = counts[i] };
            var current = (AlarmState)rng.Next(3);

            var expected = AlarmEvaluator.Evaluate(evaluate, current, points, End, End.AddSeconds(3));
            var actual = AlarmEvaluator.Evaluate(ignore, current, points, End, End.AddSeconds(3));

            // Naive: the newest datapoint with a value decides whether the percentile may be trusted.
            double? newestCount = null;
            var anyReal = false;
            for (var i = points.Count - 1; i >= 0; i--)
            {
                if (points[i].Value is null) continue;
                newestCount = counts[i];
                anyReal = true;
                break;
            }

            var tooFew = anyReal && newestCount is { } c && c < needed;
            var label = $"trial {trial}: {stat} n={n} {treat} {new string(chars)} counts [{string.Join(",", counts)}] from {current}";
            if (tooFew)
            {
                Assert.True(actual.State == current, label);
                Assert.Equal(AlarmDecision.LowSampleCount, actual.Decision);
            }
            else
            {
                Assert.True(expected.State == actual.State && expected.Decision == actual.Decision, label);
            }
        }
    }

    [Fact]
    public void Ignore_is_refused_on_a_statistic_that_is_not_a_percentile()
    {
        var average = Alarm(statistic: "Average") with { EvaluateLowSampleCountPercentile = LowSampleCountPercentile.Ignore };
        var errors = MetricAlarmValidation.Validate(average);
        Assert.Equal("EvaluateLowSampleCountPercentile \"ignore\" is only for alarms whose compared statistic is a percentile such as p90 (it is Average).",
            Assert.Single(Assert.Single(errors).Value));
        Assert.Empty(MetricAlarmValidation.Validate(average with { Source = MetricAlarmSource.ForMetric(new AlarmMetricStat("CoffeeShop", "Wait", [], "p99", 60)) }));
        Assert.Empty(MetricAlarmValidation.Validate(Alarm(statistic: "Average") with { EvaluateLowSampleCountPercentile = LowSampleCountPercentile.Evaluate }));
        Assert.True(MetricAlarmValidation.Validate(average with { EvaluateLowSampleCountPercentile = (LowSampleCountPercentile)7 }).ContainsKey("EvaluateLowSampleCountPercentile"));
    }

    [Theory]
    [InlineData("evaluate", LowSampleCountPercentile.Evaluate)]
    [InlineData("IGNORE", LowSampleCountPercentile.Ignore)]
    [InlineData(" ignore ", LowSampleCountPercentile.Ignore)]
    public void Names_parse_case_insensitively_and_round_trip(string text, LowSampleCountPercentile expected)
    {
        Assert.True(LowSampleCountPercentileRules.TryParse(text, out var value));
        Assert.Equal(expected, value);
        Assert.True(LowSampleCountPercentileRules.TryParse(value.ToName(), out var again));
        Assert.Equal(value, again);
        Assert.False(LowSampleCountPercentileRules.TryParse("sometimes", out _));
    }

    private static List<AlarmDatapoint> WithSamples(List<AlarmDatapoint> points, params double[] counts)
    {
        var list = new List<AlarmDatapoint>(points.Count);
        for (var i = 0; i < points.Count; i++) list.Add(points[i] with { SampleCount = counts[i] });
        return list;
    }
}
