using System.Text.Json;
using Crema.Core.Alarms;
using static Crema.Core.Tests.Alarms.AlarmEvaluatorTestData;

namespace Crema.Core.Tests.Alarms;

public class MetricAlarmStateMachineTests
{
    [Fact]
    public void New_alarm_starts_in_INSUFFICIENT_DATA_and_records_its_creation()
    {
        var def = Alarm();
        var created = AlarmStateMachine.Create(def, End);
        Assert.Equal(AlarmState.InsufficientData, created.Status.State);
        Assert.Equal("Unchecked: Initial alarm creation", created.Status.Reason);
        Assert.Empty(created.ActionsToRun);
        var item = Assert.Single(created.History);
        Assert.Equal(AlarmHistoryItemType.ConfigurationUpdate, item.Type);
        Assert.Equal("Alarm \"LongWaits\" created", item.Summary);
        using var doc = JsonDocument.Parse(item.DataJson);
        var alarm = doc.RootElement.GetProperty("createdAlarm");
        Assert.Equal("Create", doc.RootElement.GetProperty("type").GetString());
        Assert.Equal("GreaterThanThreshold", alarm.GetProperty("comparisonOperator").GetString());
        Assert.Equal("missing", alarm.GetProperty("treatMissingData").GetString());
        Assert.Equal(60, alarm.GetProperty("period").GetInt32());
        Assert.Equal("Shop", alarm.GetProperty("dimensions")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void A_change_records_old_and_new_state_and_runs_the_new_states_actions()
    {
        var def = Alarm();
        var status = AlarmStateMachine.Create(def, End).Status;
        var evaluation = Evaluate(def, "X X X", status.State);
        var step = AlarmStateMachine.Apply(def, status, evaluation, End.AddSeconds(5));

        Assert.True(step.Changed);
        Assert.Equal(AlarmState.Alarm, step.Status.State);
        Assert.Equal(evaluation.Reason, step.Status.Reason);
        Assert.Equal(["topic-alarm"], step.ActionsToRun);
        var item = Assert.Single(step.History);
        Assert.Equal(AlarmHistoryItemType.StateUpdate, item.Type);
        Assert.Equal("Alarm updated from INSUFFICIENT_DATA to ALARM", item.Summary);
        using var doc = JsonDocument.Parse(item.DataJson);
        Assert.Equal("INSUFFICIENT_DATA", doc.RootElement.GetProperty("oldState").GetProperty("stateValue").GetString());
        var newState = doc.RootElement.GetProperty("newState");
        Assert.Equal("ALARM", newState.GetProperty("stateValue").GetString());
        Assert.Equal(3, newState.GetProperty("stateReasonData").GetProperty("recentDatapoints").GetArrayLength());

        // Same state again: nothing stored, nothing run, the reason of the transition is kept.
        var again = AlarmStateMachine.Apply(def, step.Status, Evaluate(def, "X X X X", step.Status.State), End.AddMinutes(1));
        Assert.False(again.Changed);
        Assert.Empty(again.History);
        Assert.Empty(again.ActionsToRun);
        Assert.Same(step.Status, again.Status);
    }

    [Fact]
    public void Disabled_actions_still_record_the_change()
    {
        var def = Alarm() with { ActionsEnabled = false };
        var status = new AlarmStatus(AlarmState.Alarm, "x", null, End);
        var step = AlarmStateMachine.Apply(def, status, Evaluate(def, "0 0 0", status.State), End);
        Assert.Equal(AlarmState.Ok, step.Status.State);
        Assert.Single(step.History);
        Assert.Empty(step.ActionsToRun);
    }

    [Fact]
    public void Every_transition_runs_the_actions_of_the_state_entered()
    {
        var def = Alarm();
        foreach (var from in Enum.GetValues<AlarmState>())
        {
            foreach (var to in Enum.GetValues<AlarmState>())
            {
                var step = AlarmStateMachine.SetState(def, new AlarmStatus(from, "before", null, End), to, "Set by hand", null, End);
                Assert.Equal(from != to, step.Changed);
                Assert.Equal(from != to ? def.ActionsFor(to) : [], step.ActionsToRun);
            }
        }
    }

    [Fact]
    public void Configuration_update_keeps_the_state_and_lists_the_changed_fields()
    {
        var before = Alarm();
        var after = before with { Threshold = 8, TreatMissingData = TreatMissingData.Breaching };
        var status = new AlarmStatus(AlarmState.Alarm, "r", null, End);
        var step = AlarmStateMachine.Update(before, after, status, End.AddHours(1));
        Assert.Same(status, step.Status);
        Assert.False(step.Changed);
        var item = Assert.Single(step.History);
        Assert.Equal("Alarm \"LongWaits\" updated", item.Summary);
        using var doc = JsonDocument.Parse(item.DataJson);
        var original = doc.RootElement.GetProperty("originalUpdatedFields");
        Assert.Equal(["threshold", "treatMissingData"], original.EnumerateObject().Select(p => p.Name));
        Assert.Equal(5.0, original.GetProperty("threshold").GetDouble());
        Assert.Equal("breaching", doc.RootElement.GetProperty("updatedAlarm").GetProperty("treatMissingData").GetString());
    }

    [Fact]
    public void Action_results_become_history_items()
    {
        var ok = AlarmStateMachine.ActionResult("LongWaits", "topic-alarm", AlarmState.Alarm, true, null, End);
        Assert.Equal(AlarmHistoryItemType.Action, ok.Type);
        Assert.Equal("Successfully executed action topic-alarm", ok.Summary);
        var failed = AlarmStateMachine.ActionResult("LongWaits", "topic-alarm", AlarmState.Alarm, false, "HTTP 500", End);
        Assert.Equal("Failed to execute action topic-alarm. Received error: \"HTTP 500\"", failed.Summary);
        using var doc = JsonDocument.Parse(failed.DataJson);
        Assert.Equal("Failed", doc.RootElement.GetProperty("actionState").GetString());
        Assert.Equal("HTTP 500", doc.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public void Walk_through_a_morning_rush()
    {
        // 3 of 3 over 1-minute periods, evaluated at each period close as the server would.
        var def = Alarm(n: 3);
        var status = AlarmStateMachine.Create(def, End).Status;
        var waits = new double?[] { 1, 2, 6, 7, 9, null, 3, null, null, null, null, null };
        var states = new List<AlarmState>();
        var start = End;
        var all = new List<AlarmDatapoint>();
        for (var i = 0; i < waits.Length; i++)
        {
            all.Add(new AlarmDatapoint(start.AddMinutes(i), waits[i]));
            var closedEnd = start.AddMinutes(i + 1);
            var evaluation = AlarmEvaluator.Evaluate(def, status.State, all, closedEnd, closedEnd.AddSeconds(2));
            status = AlarmStateMachine.Apply(def, status, evaluation, closedEnd).Status;
            states.Add(status.State);
        }

        var expected = new[]
        {
            AlarmState.Ok, AlarmState.Ok, AlarmState.Ok, AlarmState.Ok, AlarmState.Alarm, AlarmState.Alarm,
            AlarmState.Ok, AlarmState.Ok, AlarmState.Ok, AlarmState.Ok, AlarmState.Ok, AlarmState.InsufficientData,
        };
        Assert.Equal(expected, states);
    }
}
