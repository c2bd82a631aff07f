using Crema.Core.Alarms;
using Crema.Core.Metrics;

namespace Crema.Core.Tests.Alarms;

public class MetricAlarmValidationTests
{
    private static MetricAlarmDefinition Valid() => AlarmEvaluatorTestData.Alarm();

    private static MetricAlarmDefinition WithStat(Func<AlarmMetricStat, AlarmMetricStat> change) =>
        Valid() with { Source = MetricAlarmSource.ForMetric(change(((MetricStatSource)Valid().Source).Stat)) };

    private static string Only(IReadOnlyDictionary<string, string[]> errors, string field)
    {
        Assert.True(errors.ContainsKey(field), $"no error for {field}; got: {string.Join(" | ", errors.Select(e => e.Key + ": " + string.Join("; ", e.Value)))}");
        Assert.Single(errors);
        return Assert.Single(errors[field]);
    }

    [Fact]
    public void Accepts_a_complete_definition()
    {
        Assert.Empty(MetricAlarmValidation.Validate(Valid()));
        Assert.Empty(MetricAlarmValidation.Validate(Valid() with { EvaluationPeriods = 1440, DatapointsToAlarm = 1 }));
        Assert.Empty(MetricAlarmValidation.Validate(WithStat(s => s with { PeriodSeconds = 3600 }) with { EvaluationPeriods = 168 }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(45)]
    [InlineData(90)]
    [InlineData(-60)]
    public void Period_must_be_10_20_30_or_a_multiple_of_60(int period)
    {
        var message = Only(MetricAlarmValidation.Validate(WithStat(s => s with { PeriodSeconds = period })), "Period");
        Assert.Equal($"Period must be 10, 20, 30 or a multiple of 60 seconds (it is {period}).", message);
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(20, true)]
    [InlineData(30, true)]
    [InlineData(60, true)]
    [InlineData(600, true)]
    [InlineData(5, false)]
    [InlineData(1, false)]
    [InlineData(40, false)]
    public void Knows_the_valid_periods(int period, bool valid) => Assert.Equal(valid, MetricAlarmValidation.IsValidPeriod(period));

    [Fact]
    public void Period_times_evaluation_periods_is_at_most_a_day_under_an_hour_and_a_week_from_an_hour()
    {
        Assert.Equal(
            "Period × EvaluationPeriods must be at most one day (86400 s) when the period is under an hour; 60 × 1441 = 86460 s.",
            Only(MetricAlarmValidation.Validate(Valid() with { EvaluationPeriods = 1441, DatapointsToAlarm = 1 }), "EvaluationPeriods"));
        Assert.Equal(
            "Period × EvaluationPeriods must be at most seven days (604800 s); 3600 × 169 = 608400 s.",
            Only(MetricAlarmValidation.Validate(WithStat(s => s with { PeriodSeconds = 3600 }) with { EvaluationPeriods = 169 }), "EvaluationPeriods"));
    }

    [Fact]
    public void Datapoints_to_alarm_must_be_between_1_and_evaluation_periods()
    {
        Assert.Equal("DatapointsToAlarm (4) must not exceed EvaluationPeriods (3).",
            Only(MetricAlarmValidation.Validate(Valid() with { DatapointsToAlarm = 4 }), "DatapointsToAlarm"));
        Assert.Equal("DatapointsToAlarm must be at least 1 (it is 0).",
            Only(MetricAlarmValidation.Validate(Valid() with { DatapointsToAlarm = 0 }), "DatapointsToAlarm"));
        Assert.Equal("EvaluationPeriods must be at least 1 (it is 0).",
            Only(MetricAlarmValidation.Validate(Valid() with { EvaluationPeriods = 0, DatapointsToAlarm = null }), "EvaluationPeriods"));
    }

    [Fact]
    public void Name_and_description_have_CloudWatch_lengths()
    {
        Assert.Equal("AlarmName is required (1 to 255 characters).", Only(MetricAlarmValidation.Validate(Valid() with { Name = "" }), "AlarmName"));
        Assert.Equal("AlarmName must be at most 255 characters (it is 256).",
            Only(MetricAlarmValidation.Validate(Valid() with { Name = new string('a', 256) }), "AlarmName"));
        Assert.Empty(MetricAlarmValidation.Validate(Valid() with { Name = new string('a', 255), Description = new string('d', 1024) }));
        Assert.Equal("AlarmDescription must be at most 1024 characters (it is 1025).",
            Only(MetricAlarmValidation.Validate(Valid() with { Description = new string('d', 1025) }), "AlarmDescription"));
        Assert.Equal("AlarmName must not contain control characters.",
            Only(MetricAlarmValidation.Validate(Valid() with { Name = "a\nb" }), "AlarmName"));
    }

    [Fact]
    public void At_most_five_actions_per_state()
    {
        var six = Enumerable.Range(1, 6).Select(i => $"topic-{i}").ToArray();
        Assert.Equal("OKActions must hold at most 5 actions (it holds 6).", Only(MetricAlarmValidation.Validate(Valid() with { OkActions = six }), "OKActions"));
        Assert.Equal("AlarmActions[1] is required (1 to 1024 characters).",
            Only(MetricAlarmValidation.Validate(Valid() with { AlarmActions = ["a", ""] }), "AlarmActions[1]"));
        Assert.Empty(MetricAlarmValidation.Validate(Valid() with { InsufficientDataActions = six[..5] }));
    }

    [Fact]
    public void Threshold_rules_depend_on_the_operator()
    {
        Assert.Equal("Threshold is required with GreaterThanThreshold.", Only(MetricAlarmValidation.Validate(Valid() with { Threshold = null }), "Threshold"));
        Assert.Equal("Threshold must be a finite number.", Only(MetricAlarmValidation.Validate(Valid() with { Threshold = double.NaN }), "Threshold"));
        Assert.Equal("ThresholdMetricId is only for the band operators, not GreaterThanThreshold.",
            Only(MetricAlarmValidation.Validate(Valid() with { ThresholdMetricId = "ad1" }), "ThresholdMetricId"));

        var bandOnSingleMetric = MetricAlarmValidation.Validate(Valid() with
        {
            ComparisonOperator = ComparisonOperator.GreaterThanUpperThreshold,
            Threshold = null,
            ThresholdMetricId = "ad1",
        });
        Assert.StartsWith("GreaterThanUpperThreshold compares with an anomaly band", Assert.Single(bandOnSingleMetric["ComparisonOperator"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Band_alarm_needs_a_ThresholdMetricId_naming_an_expression()
    {
        MetricAlarmDefinition Band(string? thresholdId, double? threshold = null) => new()
        {
            Name = "band",
            Source = MetricAlarmSource.ForQueries(
                new AlarmMetricQuery("m1", new AlarmMetricStat("Shop", "Sales", [], "Sum", 300), ReturnData: true),
                new AlarmMetricQuery("ad1", Expression: "ANOMALY_DETECTION_BAND(m1, 2)", ReturnData: true)),
            EvaluationPeriods = 3,
            ThresholdMetricId = thresholdId,
            Threshold = threshold,
            ComparisonOperator = ComparisonOperator.LessThanLowerOrGreaterThanUpperThreshold,
        };
        Assert.Empty(MetricAlarmValidation.Validate(Band("ad1")));
        // With no band query excluded, both returned queries count as compared series: two problems.
        var unknownId = MetricAlarmValidation.Validate(Band("ad2"));
        Assert.Equal("ThresholdMetricId \"ad2\" names no query in Metrics.", Assert.Single(unknownId["ThresholdMetricId"]));
        Assert.Equal("Exactly one query (other than the ThresholdMetricId band) must have ReturnData set; 2 do.", Assert.Single(unknownId["Metrics"]));
        Assert.Equal("ThresholdMetricId \"m1\" must name an expression query (the anomaly band), not a metric.",
            Only(MetricAlarmValidation.Validate(Band("m1")), "ThresholdMetricId"));
        Assert.Equal("Threshold must not be set with LessThanLowerOrGreaterThanUpperThreshold: the band named by ThresholdMetricId is the threshold.",
            Only(MetricAlarmValidation.Validate(Band("ad1", 3)), "Threshold"));
        var noId = MetricAlarmValidation.Validate(Band(null));
        Assert.Equal("ThresholdMetricId is required with LessThanLowerOrGreaterThanUpperThreshold.", Assert.Single(noId["ThresholdMetricId"]));
    }

    [Fact]
    public void Metric_queries_need_valid_unique_ids_one_returned_series_and_one_period()
    {
        MetricAlarmDefinition Math(params AlarmMetricQuery[] queries) => AlarmEvaluatorTestData.Alarm() with { Source = MetricAlarmSource.ForQueries(queries) };
        var m1 = new AlarmMetricQuery("m1", new AlarmMetricStat("Shop", "Sales", [], "Sum", 60));
        var m2 = new AlarmMetricQuery("m2", new AlarmMetricStat("Shop", "Refunds", [], "Sum", 60));
        var e1 = new AlarmMetricQuery("e1", Expression: "m2 / m1 * 100", ReturnData: true);
        Assert.Empty(MetricAlarmValidation.Validate(Math(m1, m2, e1)));
        Assert.Equal(60, Math(m1, m2, e1).PeriodSeconds);
        Assert.Null(Math(m1, m2, e1).Statistic);

        Assert.Equal("Metrics[1].Id \"M2\" must start with a lower-case letter and hold only letters, digits and underscores (at most 255).",
            Only(MetricAlarmValidation.Validate(Math(m1, m2 with { Id = "M2" }, e1 with { Expression = "m1 * 100" })), "Metrics[1].Id"));
        Assert.Equal("Metrics[1].Id \"m1\" is used by another query.",
            Only(MetricAlarmValidation.Validate(Math(m1, m2 with { Id = "m1" }, e1 with { Expression = "m1" })), "Metrics[1].Id"));
        Assert.Equal("Exactly one query (other than the ThresholdMetricId band) must have ReturnData set; 2 do.",
            Only(MetricAlarmValidation.Validate(Math(m1 with { ReturnData = true }, m2, e1)), "Metrics"));
        Assert.Equal("Metrics[2] must have exactly one of MetricStat and Expression.",
            Only(MetricAlarmValidation.Validate(Math(m1, m2, e1 with { MetricStat = m1.MetricStat })), "Metrics[2]"));
        Assert.Equal("Metrics[1].MetricStat.Period (300) must equal the other metrics' period (60).",
            Only(MetricAlarmValidation.Validate(Math(m1, m2 with { MetricStat = m2.MetricStat! with { PeriodSeconds = 300 } }, e1)), "Metrics[1].MetricStat.Period"));
        Assert.Equal("Metrics must hold at most 10 queries (it holds 11).",
            Only(MetricAlarmValidation.Validate(Math([.. Enumerable.Range(0, 10).Select(i => m1 with { Id = $"m{i}" }), e1])), "Metrics"));
    }

    [Fact]
    public void Metric_fields_follow_the_metric_limits()
    {
        var errors = MetricAlarmValidation.Validate(WithStat(s => s with
        {
            Namespace = "Shop:1",
            MetricName = "",
            Statistic = "Median",
            Unit = "Cups",
            Dimensions = [new Dimension("Shop", "1"), new Dimension("Shop", "2"), new Dimension("", "x")],
        }));
        Assert.Equal("Namespace must not contain ':'.", Assert.Single(errors["Namespace"]));
        Assert.Equal("MetricName is required (1 to 255 characters).", Assert.Single(errors["MetricName"]));
        Assert.StartsWith("Statistic 'Median' is not a statistic", Assert.Single(errors["Statistic"]), StringComparison.Ordinal);
        Assert.StartsWith("Unit \"Cups\" is not a CloudWatch unit", Assert.Single(errors["Unit"]), StringComparison.Ordinal);
        Assert.Equal("Dimensions[1].Name \"Shop\" appears more than once.", Assert.Single(errors["Dimensions[1].Name"]));
        Assert.Equal("Dimensions[2].Name is required (1 to 255 characters).", Assert.Single(errors["Dimensions[2].Name"]));
        Assert.Equal(6, errors.Count);

        Assert.Empty(MetricAlarmValidation.Validate(WithStat(s => s with { Statistic = "p99.9", Unit = "Seconds" })));
        var tooMany = Enumerable.Range(0, 31).Select(i => new Dimension($"d{i}", "v")).ToArray();
        Assert.Equal("Dimensions must hold at most 30 entries (it holds 31).", Only(MetricAlarmValidation.Validate(WithStat(s => s with { Dimensions = tooMany })), "Dimensions"));
    }

    [Fact]
    public void Reports_every_problem_at_once()
    {
        var errors = MetricAlarmValidation.Validate(Valid() with
        {
            Name = "",
            EvaluationPeriods = 2,
            DatapointsToAlarm = 3,
            Threshold = null,
            TreatMissingData = (TreatMissingData)9,
            ComparisonOperator = ComparisonOperator.LessThanThreshold,
        });
        Assert.Equal(["AlarmName", "DatapointsToAlarm", "Threshold", "TreatMissingData"], errors.Keys.Order(StringComparer.Ordinal));
    }
}
