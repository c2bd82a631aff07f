using Crema.Core.Alarms;
using Crema.Core.Metrics;

namespace Crema.Core.Tests.Alarms;

/// <summary>Builders for alarm tests: definitions and datapoints written as CloudWatch's "0 - X - X" patterns.</summary>
internal static class AlarmEvaluatorTestData
{
    public static readonly DateTimeOffset End = new(2025, 3, 10, 12, 5, 0, TimeSpan.Zero);
    public const double Threshold = 5;

    public static MetricAlarmDefinition Alarm(
        int n = 3,
        int? m = null,
        TreatMissingData treat = TreatMissingData.Missing,
        ComparisonOperator op = ComparisonOperator.GreaterThanThreshold,
        double? threshold = Threshold,
        int period = 60,
        string statistic = "Average") => new()
        {
            Name = "LongWaits",
            Source = MetricAlarmSource.ForMetric(new AlarmMetricStat("CoffeeShop", "WaitSeconds", [new Dimension("Shop", "1")], statistic, period)),
            EvaluationPeriods = n,
            DatapointsToAlarm = m,
            Threshold = threshold,
            ComparisonOperator = op,
            TreatMissingData = treat,
            AlarmActions = ["topic-alarm"],
            OkActions = ["topic-ok"],
            InsufficientDataActions = ["topic-insufficient"],
        };

    /// <summary>
    /// One datapoint per character, oldest first, ending at <see cref="End"/>: 0 = not breaching (1.0), X = breaching
    /// (10.0) under "&gt; 5", - = missing. Spaces are ignored.
    /// </summary>
    public static List<AlarmDatapoint> Pattern(string pattern, int period = 60)
    {
        var chars = pattern.Replace(" ", "", StringComparison.Ordinal);
        var list = new List<AlarmDatapoint>(chars.Length);
        for (var i = 0; i < chars.Length; i++)
        {
            var start = End.AddSeconds(-(double)(chars.Length - i) * period);
            double? value = chars[i] switch
            {
                '0' => 1.0,
                'X' => 10.0,
                '-' => null,
                _ => throw new ArgumentException($"bad pattern character '{chars[i]}'"),
            };
            list.Add(new AlarmDatapoint(start, value));
        }

        return list;
    }

    public static AlarmEvaluation Evaluate(MetricAlarmDefinition def, string pattern, AlarmState current = AlarmState.Ok) =>
        AlarmEvaluator.Evaluate(def, current, Pattern(pattern, def.PeriodSeconds), End, End.AddSeconds(3));
}
