using System.Text.Json;
using Crema.Client;
using Crema.Client.Contracts;

namespace Crema.Server.Tests.Cli;

/// <summary>`crema alarms …` as a real process: what it writes is on the server, and what it prints is what the server holds.</summary>
public sealed class AlarmsCommandTests(CliServer fixture) : IClassFixture<CliServer>
{
    private Task<CliResult> Crema(params string[] args) => CremaCli.RunAsync([.. args, "--url", fixture.Url], fixture.Env);

    /// <summary>Creates an alarm in-process (a CLI start per fixture would make the class slow).</summary>
    private Task<MetricAlarmDto> PutAsync(string name, double threshold = 300) => fixture.Server.Client.PutMetricAlarmAsync(name, new PutMetricAlarmRequest
    {
        Namespace = "CliAlarms",
        MetricName = "OrderWait",
        Statistic = "Average",
        Period = 60,
        EvaluationPeriods = 1,
        Threshold = threshold,
        ComparisonOperator = "GreaterThanThreshold",
        ActionsEnabled = true,
    });

    private static T Parse<T>(CliResult r)
    {
        Assert.True(r.ExitCode == 0, r.All);
        return JsonSerializer.Deserialize<T>(r.Stdout, CremaJson.Options) ?? throw new InvalidOperationException("null JSON: " + r.All);
    }

    [Fact]
    public async Task Put_creates_an_alarm_that_describe_lists_as_INSUFFICIENT_DATA_with_its_condition_in_words()
    {
        var put = await Crema("alarms", "put", "cli-put-wait", "-n", "CliAlarms", "-m", "OrderWait", "-d", "Shop=Soho", "--stat", "p90", "--period", "60",
            "--evaluation-periods", "3", "--datapoints-to-alarm", "2", "--threshold", "300", "--comparison", ">", "--treat-missing-data", "ignore",
            "--description", "orders wait too long", "--alarm-action", "topic-a", "--alarm-action", "topic-b", "--ok-action", "topic-ok", "--unit", "Seconds", "--json");
        var printed = Parse<MetricAlarmDto>(put);
        Assert.Equal("cli-put-wait", printed.AlarmName);
        Assert.Equal("INSUFFICIENT_DATA", printed.StateValue);

        // Every option reached the server under its own field.
        var a = await fixture.Server.Client.GetAlarmAsync("cli-put-wait");
        Assert.Equal(("CliAlarms", "OrderWait", "p90", 60, "Seconds"), (a.Namespace, a.MetricName, a.Statistic, a.Period, a.Unit));
        Assert.Equal(new DimensionDto("Shop", "Soho"), Assert.Single(a.Dimensions!));
        Assert.Equal((3, (int?)2, (double?)300), (a.EvaluationPeriods, a.DatapointsToAlarm, a.Threshold));
        Assert.Equal("GreaterThanThreshold", a.ComparisonOperator);
        Assert.Equal("ignore", a.TreatMissingData);
        Assert.Equal("orders wait too long", a.AlarmDescription);
        Assert.Equal(["topic-a", "topic-b"], a.AlarmActions);
        Assert.Equal(["topic-ok"], a.OkActions);
        Assert.Empty(a.InsufficientDataActions);
        Assert.Equal(JsonSerializer.Serialize(a, CremaJson.Options), JsonSerializer.Serialize(printed, CremaJson.Options));

        var describe = await Crema("alarms", "describe", "--prefix", "cli-put-");
        Assert.True(describe.ExitCode == 0, describe.All);
        Assert.Contains("ALARM 0   OK 0   INSUFFICIENT_DATA 1", describe.Stdout, StringComparison.Ordinal);
        Assert.Contains("p90 OrderWait > 300 for 2 of 3 × 1 min", describe.Stdout, StringComparison.Ordinal);
        Assert.Contains("CliAlarms/OrderWait {Shop=Soho}", describe.Stdout, StringComparison.Ordinal);
        Assert.Contains(a.StateReason, describe.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 alarm(s)", describe.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_comparison_operator_is_refused_with_the_field_named_and_nothing_is_created()
    {
        var put = await Crema("alarms", "put", "cli-bad-op", "-n", "CliAlarms", "-m", "OrderWait", "--threshold", "1", "--comparison", "=>");
        Assert.NotEqual(0, put.ExitCode);
        Assert.Contains("comparisonOperator", put.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("must be one of", put.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(404, (await Assert.ThrowsAsync<CremaApiException>(() => fixture.Server.Client.GetAlarmAsync("cli-bad-op"))).Status);
    }

    [Fact]
    public async Task Set_state_ALARM_moves_the_alarm_to_the_ALARM_group_and_history_shows_the_reason()
    {
        // Named so that by name "a" sorts first: only the grouping by state can put "b" on top.
        await PutAsync("cli-state-a");
        await PutAsync("cli-state-b");
        var set = await Crema("alarms", "set-state", "cli-state-b", "--state", "alarm", "--reason", "testing the pager");
        Assert.True(set.ExitCode == 0, set.All);
        var b = await fixture.Server.Client.GetAlarmAsync("cli-state-b");
        Assert.Equal(("ALARM", "testing the pager"), (b.StateValue, b.StateReason));

        var describe = await Crema("alarms", "describe", "--prefix", "cli-state-");
        Assert.True(describe.ExitCode == 0, describe.All);
        Assert.Contains("ALARM 1   OK 0   INSUFFICIENT_DATA 1", describe.Stdout, StringComparison.Ordinal);
        var posB = describe.Stdout.IndexOf("cli-state-b", StringComparison.Ordinal);
        var posA = describe.Stdout.IndexOf("cli-state-a", StringComparison.Ordinal);
        Assert.True(posB >= 0 && posA > posB, describe.All);

        var onlyAlarm = Parse<List<MetricAlarmDto>>(await Crema("alarms", "describe", "--prefix", "cli-state-", "--state", "ALARM", "--type", "metric", "--json"));
        Assert.Equal("cli-state-b", Assert.Single(onlyAlarm).AlarmName);

        var history = await Crema("alarms", "history", "cli-state-b", "--type", "StateUpdate", "--since", "1d");
        Assert.True(history.ExitCode == 0, history.All);
        Assert.Contains("StateUpdate", history.Stdout, StringComparison.Ordinal);
        Assert.Contains("testing the pager", history.Stdout, StringComparison.Ordinal);
        Assert.Contains("INSUFFICIENT_DATA to ALARM", history.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("ConfigurationUpdate", history.Stdout, StringComparison.Ordinal);

        // The table's reason column reads the item's data; unfiltered, the creation follows the state change (newest first).
        var all = (await fixture.Server.Client.DescribeAlarmHistoryAsync("cli-state-b")).AlarmHistoryItems;
        Assert.Equal(["StateUpdate", "ConfigurationUpdate"], all.Select(i => i.HistoryItemType));
        Assert.Equal("testing the pager", all[0].HistoryData?["newState"]?["stateReason"]?.GetValue<string>());
    }

    [Fact]
    public async Task Disable_and_enable_are_reflected_in_show()
    {
        await PutAsync("cli-actions");
        Assert.True((await fixture.Server.Client.GetAlarmAsync("cli-actions")).ActionsEnabled);

        var disable = await Crema("alarms", "disable", "cli-actions");
        Assert.True(disable.ExitCode == 0, disable.All);
        var shown = await Crema("alarms", "show", "cli-actions");
        Assert.True(shown.ExitCode == 0, shown.All);
        Assert.Matches(@"Actions enabled\s+no", shown.Stdout);
        Assert.Contains("Average OrderWait > 300 for 1 of 1 × 1 min", shown.Stdout, StringComparison.Ordinal);
        Assert.False((await fixture.Server.Client.GetAlarmAsync("cli-actions")).ActionsEnabled);

        var enable = await Crema("alarms", "enable", "cli-actions");
        Assert.True(enable.ExitCode == 0, enable.All);
        Assert.True(Parse<MetricAlarmDto>(await Crema("alarms", "show", "cli-actions", "--json")).ActionsEnabled);
    }

    [Fact]
    public async Task Delete_removes_the_alarm_and_show_then_says_not_found()
    {
        await PutAsync("cli-delete");
        var delete = await Crema("alarms", "delete", "cli-delete");
        Assert.True(delete.ExitCode == 0, delete.All);
        Assert.Equal(404, (await Assert.ThrowsAsync<CremaApiException>(() => fixture.Server.Client.GetAlarmAsync("cli-delete"))).Status);

        var show = await Crema("alarms", "show", "cli-delete");
        Assert.NotEqual(0, show.ExitCode);
        Assert.Contains("alarm 'cli-delete' not found", show.Stderr, StringComparison.Ordinal);
        Assert.Empty(show.Stdout);
    }

    [Fact]
    public async Task Put_from_a_file_sends_the_body_and_refuses_options_beside_it()
    {
        var file = Path.Combine(Path.GetTempPath(), "crema-cli-alarm-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            await File.WriteAllTextAsync(file, """
                {"namespace": "CliAlarms", "metricName": "Orders", "statistic": "Sum", "period": 300, "evaluationPeriods": 2,
                 "threshold": 5, "comparisonOperator": "LessThanThreshold", "treatMissingData": "notBreaching", "insufficientDataActions": ["topic-nd"]}
                """);
            var put = await Crema("alarms", "put", "cli-file", "--file", file);
            Assert.True(put.ExitCode == 0, put.All);
            Assert.Contains("Sum Orders < 5 for 2 of 2 × 5 min", put.Stdout, StringComparison.Ordinal);
            var a = await fixture.Server.Client.GetAlarmAsync("cli-file");
            Assert.Equal(("Orders", "Sum", 300, 2, (double?)5), (a.MetricName, a.Statistic, a.Period, a.EvaluationPeriods, a.Threshold));
            Assert.Equal(("LessThanThreshold", "notBreaching"), (a.ComparisonOperator, a.TreatMissingData));
            Assert.Equal(["topic-nd"], a.InsufficientDataActions);

            var mixed = await Crema("alarms", "put", "cli-file", "--file", file, "--threshold", "9");
            Assert.NotEqual(0, mixed.ExitCode);
            Assert.Contains("--threshold", mixed.Stderr, StringComparison.Ordinal);
            Assert.Equal((double?)5, (await fixture.Server.Client.GetAlarmAsync("cli-file")).Threshold);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
