using System.Text.Json;
using Crema.Core.Alarms;
using static Crema.Core.Tests.Alarms.AlarmEvaluatorTestData;

namespace Crema.Core.Tests.Alarms;

public class AlarmEvaluatorTests
{
    private static readonly DateTimeOffset s_t0 = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Alarm_goes_to_ALARM_when_3_of_3_periods_breach_with_CloudWatch_reason_text()
    {
        var def = Alarm(n: 3, threshold: 300);
        var points = new List<AlarmDatapoint>
        {
            new(s_t0, 412.0, 12),
            new(s_t0.AddMinutes(1), 388.5, 9),
            new(s_t0.AddMinutes(2), 401.2, 10),
        };
        var result = AlarmEvaluator.Evaluate(def, AlarmState.Ok, points, s_t0.AddMinutes(3), s_t0.AddMinutes(3).AddSeconds(4));

        Assert.Equal(AlarmState.Alarm, result.State);
        Assert.True(result.Changed);
        Assert.Equal(AlarmDecision.RealDatapoints, result.Decision);
        Assert.Equal(
            "Threshold Crossed: 3 out of the last 3 datapoints [401.2 (10/03/25 12:02:00), 388.5 (10/03/25 12:01:00), 412.0 (10/03/25 12:00:00)] " +
            "were greater than the threshold (300.0) (minimum 3 datapoints for OK -> ALARM transition).",
            result.Reason);
    }

    [Fact]
    public void Reason_data_is_CloudWatch_style_json()
    {
        var def = Alarm(n: 3, m: 2, threshold: 300);
        var points = new List<AlarmDatapoint>
        {
            new(s_t0, 412.0, 12),
            new(s_t0.AddMinutes(1), 100.0, 9),
            new(s_t0.AddMinutes(2), 401.2, 10),
        };
        var now = s_t0.AddMinutes(3).AddMilliseconds(4321);
        var result = AlarmEvaluator.Evaluate(def, AlarmState.Ok, points, s_t0.AddMinutes(3), now);
        Assert.Equal(
            "Threshold Crossed: 2 out of the last 3 datapoints [401.2 (10/03/25 12:02:00), 412.0 (10/03/25 12:00:00)] " +
            "were greater than the threshold (300.0) (minimum 2 datapoints for OK -> ALARM transition).",
            result.Reason);

        Assert.Equal(
            "{\"version\":\"1.0\",\"queryDate\":\"2025-03-10T12:03:04.321+0000\",\"startDate\":\"2025-03-10T12:00:00.000+0000\"," +
            "\"statistic\":\"Average\",\"period\":60,\"recentDatapoints\":[412.0,100.0,401.2],\"threshold\":300.0," +
            "\"evaluatedDatapoints\":[{\"timestamp\":\"2025-03-10T12:02:00.000+0000\",\"sampleCount\":10.0,\"value\":401.2}," +
            "{\"timestamp\":\"2025-03-10T12:01:00.000+0000\",\"sampleCount\":9.0,\"value\":100.0}," +
            "{\"timestamp\":\"2025-03-10T12:00:00.000+0000\",\"sampleCount\":12.0,\"value\":412.0}]}",
            result.ReasonDataJson);
        using var doc = JsonDocument.Parse(result.ReasonDataJson);
        Assert.Equal(3, doc.RootElement.GetProperty("recentDatapoints").GetArrayLength());
    }

    [Fact]
    public void Ok_reason_lists_the_datapoints_that_did_not_breach_and_the_minimum_for_ALARM_to_OK()
    {
        var result = Evaluate(Alarm(n: 3, m: 2), "X 0 0");
        Assert.Equal(AlarmState.Ok, result.State);
        Assert.Equal(
            "Threshold Crossed: 2 out of the last 3 datapoints [1.0 (10/03/25 12:04:00), 1.0 (10/03/25 12:03:00)] " +
            "were not greater than the threshold (5.0) (minimum 2 datapoints for ALARM -> OK transition).",
            result.Reason);
    }

    [Fact]
    public void Single_period_alarm_uses_the_one_datapoint_form()
    {
        var result = Evaluate(Alarm(n: 1, op: ComparisonOperator.GreaterThanOrEqualToThreshold), "X", AlarmState.InsufficientData);
        Assert.Equal("Threshold Crossed: 1 datapoint [10.0 (10/03/25 12:04:00)] was greater than or equal to the threshold (5.0).", result.Reason);
    }

    [Fact]
    public void Missing_and_filled_data_have_their_own_reasons()
    {
        Assert.Equal("Insufficient Data: 3 datapoints were unknown.", Evaluate(Alarm(n: 3), "- - - - -").Reason);
        Assert.Equal("Insufficient Data: 1 datapoint was unknown.", Evaluate(Alarm(n: 1), "- - -").Reason);
        Assert.Equal(
            "Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [Breaching].",
            Evaluate(Alarm(n: 3, treat: TreatMissingData.Breaching), "- - - - -").Reason);

        var filled = Evaluate(Alarm(n: 3, treat: TreatMissingData.Breaching), "- - X - -");
        Assert.Equal(AlarmState.Alarm, filled.State);
        Assert.Equal(2, filled.Filled);
        Assert.Equal(
            "Threshold Crossed: 3 out of the last 3 datapoints [10.0 (10/03/25 12:02:00)] were greater than the threshold (5.0) " +
            "(2 missing datapoints treated as [Breaching]) (minimum 3 datapoints for OK -> ALARM transition).",
            filled.Reason);

        // The two filled datapoints are the most recent missing periods; they carry only a timestamp.
        var evaluated = filled.ReasonData.EvaluatedDatapoints;
        Assert.Equal([End.AddMinutes(-1), End.AddMinutes(-2), End.AddMinutes(-3)], evaluated.Select(d => d.Timestamp));
        Assert.Equal([null, null, 10.0], evaluated.Select(d => d.Value));
    }

    [Fact]
    public void Open_period_is_left_out_of_the_evaluation()
    {
        var def = Alarm(n: 1);
        var lastClosedEnd = s_t0.AddMinutes(5);

        // 12:04 is closed and fine; 12:05 is still open and breaching: it must not count.
        var points = new List<AlarmDatapoint> { new(s_t0.AddMinutes(4), 1.0), new(s_t0.AddMinutes(5), 99.0) };
        var result = AlarmEvaluator.Evaluate(def, AlarmState.Ok, points, lastClosedEnd, s_t0.AddMinutes(5).AddSeconds(30));
        Assert.Equal(AlarmState.Ok, result.State);
        Assert.Equal([1.0], result.ReasonData.RecentDatapoints);

        // Once 12:05 closes, it decides.
        result = AlarmEvaluator.Evaluate(def, AlarmState.Ok, points, lastClosedEnd.AddMinutes(1), s_t0.AddMinutes(6).AddSeconds(1));
        Assert.Equal(AlarmState.Alarm, result.State);
    }

    [Fact]
    public void Datapoints_older_than_the_evaluation_range_are_not_used()
    {
        // Range for N = 1 is 3 periods: 12:02, 12:03, 12:04. The breach at 12:01 is outside it.
        var def = Alarm(n: 1);
        var points = new List<AlarmDatapoint> { new(s_t0.AddMinutes(1), 10.0) };
        var result = AlarmEvaluator.Evaluate(def, AlarmState.Alarm, points, s_t0.AddMinutes(5), s_t0.AddMinutes(5));
        Assert.Equal(AlarmState.InsufficientData, result.State);
        Assert.Equal(AlarmDecision.AllMissing, result.Decision);
    }

    [Fact]
    public void Ignore_keeps_the_current_state_when_all_data_is_missing()
    {
        foreach (var state in Enum.GetValues<AlarmState>())
        {
            var result = Evaluate(Alarm(treat: TreatMissingData.Ignore), "- - - - -", state);
            Assert.Equal(state, result.State);
            Assert.False(result.Changed);
            Assert.Equal(AlarmDecision.StateKept, result.Decision);
        }
    }

    [Fact]
    public void Missing_goes_to_INSUFFICIENT_DATA_only_when_the_whole_range_is_missing()
    {
        Assert.Equal(AlarmState.InsufficientData, Evaluate(Alarm(), "- - - - -", AlarmState.Alarm).State);

        // One old real datapoint at the far end of the range keeps it out of INSUFFICIENT_DATA.
        Assert.Equal(AlarmState.Ok, Evaluate(Alarm(), "0 - - - -", AlarmState.Alarm).State);
        Assert.Equal(AlarmState.Alarm, Evaluate(Alarm(), "X - - - -", AlarmState.Ok).State);
    }

    [Fact]
    public void Band_operators_compare_with_the_band_and_report_it()
    {
        var def = new MetricAlarmDefinition
        {
            Name = "OddSales",
            Source = MetricAlarmSource.ForQueries(
                new AlarmMetricQuery("m1", new AlarmMetricStat("Shop", "Sales", [], "Sum", 300), ReturnData: true),
                new AlarmMetricQuery("ad1", Expression: "ANOMALY_DETECTION_BAND(m1, 2)", ReturnData: true)),
            EvaluationPeriods = 2,
            ThresholdMetricId = "ad1",
            ComparisonOperator = ComparisonOperator.LessThanLowerOrGreaterThanUpperThreshold,
        };
        Assert.Empty(MetricAlarmValidation.Validate(def));
        Assert.Equal(300, def.PeriodSeconds);
        Assert.Equal("Sum", def.Statistic);

        var points = new List<(DateTimeOffset, double?)> { (s_t0, 137.0), (s_t0.AddMinutes(5), 210.0) };
        var bands = new List<(double?, double?)> { (150.0, 200.0), (150.0, 200.0) };
        var result = AlarmEvaluator.Evaluate(def, AlarmState.Ok, points, s_t0.AddMinutes(10), s_t0.AddMinutes(10), bands);
        Assert.Equal(AlarmState.Alarm, result.State);
        Assert.Equal(
            "Thresholds Crossed: 2 out of the last 2 datapoints [210.0 (10/03/25 12:05:00), 137.0 (10/03/25 12:00:00)] were less than " +
            "the lower thresholds [150.0, 150.0] or greater than the upper thresholds [200.0, 200.0] (minimum 2 datapoints for OK -> ALARM transition).",
            result.Reason);
        using var doc = JsonDocument.Parse(result.ReasonDataJson);
        Assert.False(doc.RootElement.TryGetProperty("threshold", out _));
        Assert.Equal(2, doc.RootElement.GetProperty("recentUpperThresholds").GetArrayLength());

        // A datapoint without its band is missing: only one real datapoint remains, and it is inside the band.
        var partial = new List<(double?, double?)> { (null, 200.0), (100.0, 300.0) };
        result = AlarmEvaluator.Evaluate(def, AlarmState.Alarm, points, s_t0.AddMinutes(10), s_t0.AddMinutes(10), partial);
        Assert.Equal(AlarmState.Ok, result.State);
        Assert.Equal([210.0], result.ReasonData.RecentDatapoints);
    }

    [Fact]
    public void Band_operator_without_bands_is_a_caller_error()
    {
        var def = new MetricAlarmDefinition
        {
            Name = "x",
            Source = MetricAlarmSource.ForQueries(new AlarmMetricQuery("m1", new AlarmMetricStat("S", "M", [], "Sum", 60), ReturnData: true)),
            EvaluationPeriods = 1,
            ThresholdMetricId = "ad1",
            ComparisonOperator = ComparisonOperator.GreaterThanUpperThreshold,
        };
        Assert.Throws<ArgumentException>(() => AlarmEvaluator.Evaluate(def, AlarmState.Ok, new List<AlarmDatapoint>(), s_t0, s_t0));
    }

    [Fact]
    public void Evaluation_range_is_N_plus_two_closed_periods_aligned_to_the_epoch()
    {
        var def = Alarm(n: 4, period: 300);
        var now = new DateTimeOffset(2025, 3, 10, 12, 7, 31, TimeSpan.Zero);
        var end = AlarmEvaluator.LastClosedPeriodEnd(now, 300);
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 12, 5, 0, TimeSpan.Zero), end);
        Assert.Equal(end, AlarmEvaluator.LastClosedPeriodEnd(end, 300));
        var range = AlarmEvaluator.EvaluationRange(def, end);
        Assert.Equal(6, range.Periods);
        Assert.Equal(end.AddMinutes(-30), range.Start);
        Assert.Equal(end, range.End);
        Assert.Equal(300, range.PeriodSeconds);
    }

    [Fact]
    public void Tuple_overload_matches_the_record_overload()
    {
        var def = Alarm(n: 3, m: 2, treat: TreatMissingData.Breaching);
        var points = Pattern("0 X - 0 -");
        var a = AlarmEvaluator.Evaluate(def, AlarmState.Ok, points, End, End);
        var b = AlarmEvaluator.Evaluate(def, AlarmState.Ok, points.Select(p => (p.PeriodStart, p.Value)).ToList(), End, End);
        Assert.Equal(a.State, b.State);
        Assert.Equal(a.Reason, b.Reason);
        Assert.Equal(a.ReasonDataJson, b.ReasonDataJson);
    }
}
