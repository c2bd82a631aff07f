using Crema.Core.Alarms;

namespace Crema.Core.Tests.Alarms;

/// <summary>A metric-math alarm is checked whole at put: each expression parses, reads only this alarm's queries, without cycles, and the returned series reads a metric.</summary>
public class MetricMathAlarmValidationTests
{
    private static readonly AlarmMetricQuery M1 = new("m1", new AlarmMetricStat("Shop", "Sales", [], "Sum", 60));
    private static readonly AlarmMetricQuery M2 = new("m2", new AlarmMetricStat("Shop", "Refunds", [], "Sum", 60));

    private static IReadOnlyDictionary<string, string[]> Validate(params AlarmMetricQuery[] queries) =>
        MetricAlarmValidation.Validate(AlarmEvaluatorTestData.Alarm() with { Source = MetricAlarmSource.ForQueries(queries) });

    private static AlarmMetricQuery Returned(string expression) => new("e1", Expression: expression, ReturnData: true);

    [Theory]
    [InlineData("m2 / m1 * 100")]
    [InlineData("SUM([m1, m2])")]
    [InlineData("FILL(m1, 0) - RATE(m2)")]
    [InlineData("-(m1)")]
    public void Valid_expressions_pass(string expression) => Assert.Empty(Validate(M1, M2, Returned(expression)));

    [Theory]
    [InlineData("m1 + * 2", 5)]
    [InlineData("m1 +", 4)]
    [InlineData("FOO(m1)", 0)]
    [InlineData("(m1 + m2", 8)]
    [InlineData("SUM([])", 4)]
    public void A_parse_error_names_the_field_and_the_position(string expression, int position)
    {
        var errors = Validate(M1, M2, Returned(expression));
        var message = Assert.Single(Assert.Single(errors, e => e.Key == "Metrics[2].Expression").Value);
        Assert.StartsWith($"Metrics[2].Expression \"{expression}\" does not parse: ", message, StringComparison.Ordinal);
        Assert.Contains($"position {position}", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_id_an_expression_reads_must_be_another_query_of_the_alarm()
    {
        Assert.Equal("Metrics[2].Expression reads \"m9\", which is not the id of a query in Metrics.",
            Assert.Single(Validate(M1, M2, Returned("m1 + m9"))["Metrics[2].Expression"]));
        Assert.Equal("Metrics[2].Expression must not read its own query (\"e1\").",
            Assert.Single(Validate(M1, M2, Returned("e1 + m1"))["Metrics[2].Expression"]));
    }

    [Fact]
    public void Expressions_must_not_read_each_other_in_a_cycle()
    {
        var e2 = new AlarmMetricQuery("e2", Expression: "e3 * 2");
        var e3 = new AlarmMetricQuery("e3", Expression: "e2 + m1");
        var errors = Validate(M1, Returned("e2"), e2, e3);
        var cycle = Assert.Single(errors).Value;
        Assert.Contains("makes a cycle: e2 → e3 → e2", Assert.Single(cycle), StringComparison.Ordinal);

        // The same chain without the loop is fine.
        Assert.Empty(Validate(M1, Returned("e2"), e2, e3 with { Expression = "m1 * 3" }));
    }

    [Fact]
    public void The_returned_expression_must_read_a_metric()
    {
        Assert.Equal("Metrics[1].Expression is the returned series but reads no metric, directly or through other expressions; an alarm must watch data.",
            Assert.Single(Validate(M1, Returned("2 * 50"))["Metrics[1].Expression"]));
        var constant = new AlarmMetricQuery("c1", Expression: "100");
        Assert.Single(Validate(M1, Returned("c1 * 2"), constant));
        Assert.Empty(Validate(M1, Returned("c1 * m1"), constant));
    }

    [Fact]
    public void An_anomaly_band_reads_one_query_with_a_positive_width()
    {
        MetricAlarmDefinition Band(string expression) => new()
        {
            Name = "band",
            Source = MetricAlarmSource.ForQueries(M1 with { ReturnData = true }, new AlarmMetricQuery("ad1", Expression: expression, ReturnData: true)),
            EvaluationPeriods = 3,
            ThresholdMetricId = "ad1",
            ComparisonOperator = ComparisonOperator.LessThanLowerOrGreaterThanUpperThreshold,
        };
        Assert.Empty(MetricAlarmValidation.Validate(Band("ANOMALY_DETECTION_BAND(m1)")));
        Assert.Empty(MetricAlarmValidation.Validate(Band("anomaly_detection_band( m1 , 2.5 )")));
        Assert.Contains("not the id of a query", Assert.Single(MetricAlarmValidation.Validate(Band("ANOMALY_DETECTION_BAND(m7, 2)"))["Metrics[1].Expression"]), StringComparison.Ordinal);
        Assert.Contains("must be a positive number", Assert.Single(MetricAlarmValidation.Validate(Band("ANOMALY_DETECTION_BAND(m1, -2)"))["Metrics[1].Expression"]), StringComparison.Ordinal);
        Assert.Contains("must look like", Assert.Single(MetricAlarmValidation.Validate(Band("ANOMALY_DETECTION_BAND(m1, 2, 3)"))["Metrics[1].Expression"]), StringComparison.Ordinal);
    }
}
