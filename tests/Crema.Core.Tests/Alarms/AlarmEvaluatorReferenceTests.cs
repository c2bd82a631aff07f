using Crema.Core.Alarms;

namespace Crema.Core.Tests.Alarms;

/// <summary>The evaluator against <see cref="AlarmEvaluatorReference"/> on random datapoints, operators, M, N and missing-data settings.</summary>
public class AlarmEvaluatorReferenceTests
{
    private static readonly DateTimeOffset s_end = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Agrees_with_the_naive_reference_on_random_patterns_for_every_operator_and_treatment()
    {
        var random = new Random(20250310);
        var operators = Enum.GetValues<ComparisonOperator>();
        var treatments = Enum.GetValues<TreatMissingData>();
        var states = Enum.GetValues<AlarmState>();
        var checkedCount = 0;
        var decisions = new HashSet<AlarmDecision>();
        for (var iteration = 0; iteration < 6000; iteration++)
        {
            var n = random.Next(1, 7);
            var m = random.Next(1, n + 1);
            var op = operators[iteration % operators.Length];
            var treat = treatments[(iteration / operators.Length) % treatments.Length];
            var current = states[random.Next(states.Length)];
            var period = new[] { 10, 60, 300 }[random.Next(3)];
            var band = op.IsBandOperator();
            var threshold = (double)random.Next(-2, 3);
            var def = new MetricAlarmDefinition
            {
                Name = "random",
                Source = band
                    ? MetricAlarmSource.ForQueries(
                        new AlarmMetricQuery("m1", new AlarmMetricStat("Shop", "Sales", [], "Sum", period), ReturnData: true),
                        new AlarmMetricQuery("ad1", Expression: "ANOMALY_DETECTION_BAND(m1, 2)", ReturnData: true))
                    : MetricAlarmSource.ForMetric(new AlarmMetricStat("Shop", "Sales", [], "Sum", period)),
                EvaluationPeriods = n,
                DatapointsToAlarm = random.Next(4) == 0 && m == n ? null : m,
                Threshold = band ? null : threshold,
                ThresholdMetricId = band ? "ad1" : null,
                ComparisonOperator = op,
                TreatMissingData = treat,
            };
            Assert.Empty(MetricAlarmValidation.Validate(def));

            // The range the server would query, plus an open period after it and one before it that must be left out.
            var rangeLength = AlarmEvaluator.EvaluationRangeLength(def);
            var pattern = new char[rangeLength];
            var datapoints = new List<AlarmDatapoint>();
            var bands = new List<AlarmBandPoint>();
            var missingRate = random.NextDouble();
            for (var i = -1; i <= rangeLength; i++)
            {
                var start = s_end.AddSeconds(-(double)(rangeLength - i) * period);
                double? value = random.NextDouble() < missingRate ? null : random.Next(-3, 4);
                if (random.Next(10) == 0 && value is not null) value += 0.5;
                double? lower = random.Next(8) == 0 ? null : random.Next(-3, 1);
                double? upper = random.Next(8) == 0 ? null : random.Next(0, 4);
                var inRange = i >= 0 && i < rangeLength;
                if (inRange) pattern[i] = AlarmEvaluatorReference.Classify(op, value, threshold, lower, upper);

                // Leave some missing periods out of the list altogether: the evaluator must place datapoints by time.
                if (value is null && random.Next(2) == 0) continue;
                datapoints.Add(new AlarmDatapoint(start, value, value is null ? null : random.Next(1, 50)));
                bands.Add(new AlarmBandPoint(lower, upper));
            }

            // The evaluator must not depend on the order it is given.
            if (random.Next(3) == 0)
            {
                var order = Enumerable.Range(0, datapoints.Count).OrderBy(_ => random.Next()).ToArray();
                datapoints = [.. order.Select(k => datapoints[k])];
                bands = [.. order.Select(k => bands[k])];
            }

            var result = AlarmEvaluator.Evaluate(def, current, datapoints, s_end, s_end.AddSeconds(1), band ? bands : null);
            var expected = AlarmEvaluatorReference.Evaluate(new string(pattern), n, m, treat, current);
            Assert.True(expected == result.State,
                $"#{iteration} pattern {new string(pattern)} N={n} M={m} {op} {treat.ToName()} from {current.ToName()}: expected {expected.ToName()}, got {result.State.ToName()} ({result.Reason})");
            Assert.Equal(result.State != current, result.Changed);

            var real = pattern.Count(c => c != '-');
            if (real < n && real > 0 && treat is TreatMissingData.Breaching or TreatMissingData.NotBreaching)
                Assert.Equal(n - real, result.Filled);
            Assert.Equal(result.ReasonData.RecentDatapoints.Count, result.Evaluated - result.Filled);
            decisions.Add(result.Decision);
            checkedCount++;
        }

        Assert.Equal(6000, checkedCount);
        // Every rule but the low-sample-count one (a setting of percentile alarms, tested on its own) shows up.
        Assert.Equal(Enum.GetValues<AlarmDecision>().Length - 1, decisions.Count);
        Assert.DoesNotContain(AlarmDecision.LowSampleCount, decisions);
    }
}
