using Crema.Core.Alarms;
using static Crema.Core.Tests.Alarms.AlarmEvaluatorTestData;

namespace Crema.Core.Tests.Alarms;

/// <summary>
/// Every row of the two example tables in AWS's "Configuring how CloudWatch alarms treat missing data": evaluation
/// range 5, N = 3, M = 3 (first table) and M = 2 (second). "Retain current state" is checked from every start state.
/// </summary>
public class AlarmEvaluatorMissingDataTableTests
{
    private const string Retain = "RETAIN";

    [Theory]
    [InlineData("0 - X - X", "OK", "OK", "OK", "OK")]
    [InlineData("0 - - - -", "OK", "OK", "OK", "OK")]
    [InlineData("- - - - -", "INSUFFICIENT_DATA", Retain, "ALARM", "OK")]
    [InlineData("0 X X - X", "ALARM", "ALARM", "ALARM", "ALARM")]
    [InlineData("- - X - -", "ALARM", Retain, "ALARM", "OK")]
    public void Three_of_three_table_row(string pattern, string missing, string ignore, string breaching, string notBreaching) =>
        CheckRow(pattern, m: 3, missing, ignore, breaching, notBreaching);

    [Theory]
    [InlineData("0 - X - X", "ALARM", "ALARM", "ALARM", "ALARM")]
    [InlineData("0 0 X 0 X", "ALARM", "ALARM", "ALARM", "ALARM")]
    [InlineData("0 - X - -", "OK", "OK", "ALARM", "OK")]
    [InlineData("- - - - 0", "OK", "OK", "ALARM", "OK")]
    [InlineData("- - - X -", "ALARM", Retain, "ALARM", "OK")]
    public void Two_of_three_table_row(string pattern, string missing, string ignore, string breaching, string notBreaching) =>
        CheckRow(pattern, m: 2, missing, ignore, breaching, notBreaching);

    [Theory]
    [InlineData("- - - - X")]
    [InlineData("- - - X -")]
    public void Premature_rule_does_not_alarm_on_a_breach_younger_than_M_periods(string pattern)
    {
        // "the alarm does not go immediately into ALARM state when the data is either - - - - X or - - - X -".
        foreach (var current in new[] { AlarmState.Ok, AlarmState.InsufficientData })
        {
            var result = Evaluate(Alarm(n: 3, m: 3), pattern, current);
            Assert.Equal(current, result.State);
            Assert.Equal(AlarmDecision.StateKept, result.Decision);
        }
    }

    [Fact]
    public void Second_row_goes_to_alarm_at_the_next_evaluation_when_breaching_and_data_stays_missing()
    {
        // "The next time this alarm is evaluated, if the data is still missing it will go to ALARM".
        var def = Alarm(n: 3, m: 3, treat: TreatMissingData.Breaching);
        Assert.Equal(AlarmState.Ok, Evaluate(def, "0 - - - -").State);
        Assert.Equal(AlarmState.Alarm, Evaluate(def, "- - - - -", AlarmState.Ok).State);
    }

    private static void CheckRow(string pattern, int m, string missing, string ignore, string breaching, string notBreaching)
    {
        var expected = new Dictionary<TreatMissingData, string>
        {
            [TreatMissingData.Missing] = missing,
            [TreatMissingData.Ignore] = ignore,
            [TreatMissingData.Breaching] = breaching,
            [TreatMissingData.NotBreaching] = notBreaching,
        };
        foreach (var (treat, want) in expected)
        {
            foreach (var current in new[] { AlarmState.Ok, AlarmState.Alarm, AlarmState.InsufficientData })
            {
                var result = Evaluate(Alarm(n: 3, m: m, treat: treat), pattern, current);
                var expectedState = want == Retain ? current : Parse(want);
                Assert.True(expectedState == result.State,
                    $"{pattern} M={m} {treat.ToName()} from {current.ToName()}: expected {expectedState.ToName()}, got {result.State.ToName()} ({result.Reason})");
                Assert.Equal(expectedState, AlarmEvaluatorReference.Evaluate(pattern, 3, m, treat, current));
            }
        }
    }

    private static AlarmState Parse(string name)
    {
        Assert.True(AlarmStates.TryParse(name, out var state));
        return state;
    }
}
