using Crema.Core.Alarms;

namespace Crema.Core.Tests.Alarms;

public class MetricAlarmParsingTests
{
    [Theory]
    [InlineData(">=", ComparisonOperator.GreaterThanOrEqualToThreshold)]
    [InlineData(">", ComparisonOperator.GreaterThanThreshold)]
    [InlineData(" < ", ComparisonOperator.LessThanThreshold)]
    [InlineData("<=", ComparisonOperator.LessThanOrEqualToThreshold)]
    [InlineData("GreaterThanOrEqualToThreshold", ComparisonOperator.GreaterThanOrEqualToThreshold)]
    [InlineData("lessthanthreshold", ComparisonOperator.LessThanThreshold)]
    [InlineData("LessThanLowerOrGreaterThanUpperThreshold", ComparisonOperator.LessThanLowerOrGreaterThanUpperThreshold)]
    [InlineData("LessThanLowerThreshold", ComparisonOperator.LessThanLowerThreshold)]
    [InlineData("GreaterThanUpperThreshold", ComparisonOperator.GreaterThanUpperThreshold)]
    public void Parses_operator_names_and_symbols(string text, ComparisonOperator expected)
    {
        Assert.True(ComparisonOperators.TryParse(text, out var op));
        Assert.Equal(expected, op);
        Assert.True(ComparisonOperators.TryParse(op.ToName(), out var back));
        Assert.Equal(op, back);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("=")]
    [InlineData("3")]
    [InlineData("=>")]
    [InlineData("GreaterThan")]
    public void Refuses_unknown_operators(string? text) => Assert.False(ComparisonOperators.TryParse(text, out _));

    [Fact]
    public void Every_static_operator_symbol_round_trips_and_compares_as_its_name_says()
    {
        foreach (var op in Enum.GetValues<ComparisonOperator>().Where(o => !o.IsBandOperator()))
        {
            Assert.True(ComparisonOperators.TryParse(op.ToSymbol(), out var back));
            Assert.Equal(op, back);
        }

        Assert.True(ComparisonOperator.GreaterThanOrEqualToThreshold.Breaches(5, 5));
        Assert.False(ComparisonOperator.GreaterThanThreshold.Breaches(5, 5));
        Assert.True(ComparisonOperator.LessThanOrEqualToThreshold.Breaches(5, 5));
        Assert.False(ComparisonOperator.LessThanThreshold.Breaches(5, 5));
        Assert.Equal(4, Enum.GetValues<ComparisonOperator>().Count(o => !o.IsBandOperator()));
    }

    [Theory]
    [InlineData("missing", TreatMissingData.Missing)]
    [InlineData("notBreaching", TreatMissingData.NotBreaching)]
    [InlineData("NOT_BREACHING", TreatMissingData.NotBreaching)]
    [InlineData("breaching", TreatMissingData.Breaching)]
    [InlineData("ignore", TreatMissingData.Ignore)]
    public void Parses_treat_missing_data_names(string text, TreatMissingData expected)
    {
        Assert.True(TreatMissingDataNames.TryParse(text, out var treat));
        Assert.Equal(expected, treat);
    }

    [Fact]
    public void Treat_missing_data_uses_CloudWatch_lower_case_names()
    {
        Assert.Equal(["missing", "notBreaching", "breaching", "ignore"], Enum.GetValues<TreatMissingData>().Select(t => t.ToName()));
        foreach (var t in Enum.GetValues<TreatMissingData>())
        {
            Assert.True(TreatMissingDataNames.TryParse(t.ToName(), out var back));
            Assert.Equal(t, back);
        }

        Assert.False(TreatMissingDataNames.TryParse("skip", out _));
        Assert.Equal(TreatMissingData.Missing, default(TreatMissingData));
    }

    [Fact]
    public void Alarm_states_use_CloudWatch_names()
    {
        Assert.Equal(["INSUFFICIENT_DATA", "OK", "ALARM"], Enum.GetValues<AlarmState>().Select(s => s.ToName()));
        foreach (var s in Enum.GetValues<AlarmState>())
        {
            Assert.True(AlarmStates.TryParse(s.ToName(), out var back));
            Assert.Equal(s, back);
        }

        Assert.False(AlarmStates.TryParse("WARN", out _));
    }

    [Theory]
    [InlineData(412.0, "412.0")]
    [InlineData(388.5, "388.5")]
    [InlineData(0.0, "0.0")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.001, "0.001")]
    [InlineData(0.0001, "1.0E-4")]
    [InlineData(0.00012345, "1.2345E-4")]
    [InlineData(9999999.0, "9999999.0")]
    [InlineData(10000000.0, "1.0E7")]
    [InlineData(123456789.5, "1.234567895E8")]
    [InlineData(1.5e300, "1.5E300")]
    [InlineData(-1e-300, "-1.0E-300")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(100.25, "100.25")]
    [InlineData(1e21, "1.0E21")]
    public void Formats_numbers_like_CloudWatch(double value, string expected) => Assert.Equal(expected, AlarmText.FormatNumber(value));

    [Fact]
    public void Formatted_numbers_round_trip_on_random_values()
    {
        var random = new Random(7);
        for (var i = 0; i < 20000; i++)
        {
            var v = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-12, 14));
            var text = AlarmText.FormatNumber(v);
            Assert.True(text.Contains('.', StringComparison.Ordinal), text);
            Assert.Equal(v, double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
