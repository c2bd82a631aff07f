using System.Text.Json;
using Crema.Client;
using Crema.Client.Contracts;

namespace Crema.Server.Tests.Cli;

/// <summary>`crema alarms put-composite` and the shared verbs on composite alarms, as a real process against a real server.</summary>
public sealed class AlarmsCompositeCommandTests(CliServer fixture) : IClassFixture<CliServer>
{
    private Task<CliResult> Crema(params string[] args) => CremaCli.RunAsync([.. args, "--url", fixture.Url], fixture.Env);

    private Task<MetricAlarmDto> PutAsync(string name) => fixture.Server.Client.PutMetricAlarmAsync(name, new PutMetricAlarmRequest
    {
        Namespace = "CliComposite",
        MetricName = "OrderWait",
        Statistic = "Average",
        Period = 60,
        EvaluationPeriods = 1,
        Threshold = 300,
        ComparisonOperator = "GreaterThanThreshold",
    });

    private static T Parse<T>(CliResult r)
    {
        Assert.True(r.ExitCode == 0, r.All);
        return JsonSerializer.Deserialize<T>(r.Stdout, CremaJson.Options) ?? throw new InvalidOperationException("null JSON: " + r.All);
    }

    [Fact]
    public async Task Put_composite_creates_the_rule_with_its_actions_and_the_shared_verbs_handle_it()
    {
        await PutAsync("cc-wait");
        await PutAsync("cc-milk");
        await fixture.Server.Client.SetAlarmStateAsync("cc-wait", new SetAlarmStateRequest { StateValue = "ALARM", StateReason = "test" });
        await fixture.Server.Client.SetAlarmStateAsync("cc-milk", new SetAlarmStateRequest { StateValue = "ALARM", StateReason = "test" });

        var put = Parse<CompositeAlarmDto>(await Crema("alarms", "put-composite", "cc-both", "--rule", "ALARM(\"cc-wait\") AND NOT OK(\"cc-milk\")",
            "--description", "waits and milk", "--alarm-action", "topic-a", "--alarm-action", "topic-b", "--ok-action", "topic-ok", "--json"));
        Assert.Equal("ALARM", put.StateValue);
        var stored = await fixture.Server.Client.GetCompositeAlarmAsync("cc-both");
        Assert.Equal("ALARM(\"cc-wait\") AND NOT OK(\"cc-milk\")", stored.AlarmRule);
        Assert.Equal("waits and milk", stored.AlarmDescription);
        Assert.Equal(["topic-a", "topic-b"], stored.AlarmActions);
        Assert.Equal(["topic-ok"], stored.OkActions);
        Assert.True(stored.ActionsEnabled);

        // describe lists both kinds; the composite's condition is its rule.
        var describe = await Crema("alarms", "describe", "--prefix", "cc-");
        Assert.True(describe.ExitCode == 0, describe.All);
        Assert.Contains("ALARM 3   OK 0   INSUFFICIENT_DATA 0", describe.Stdout, StringComparison.Ordinal);
        Assert.Contains("composite", describe.Stdout, StringComparison.Ordinal);
        Assert.Contains("3 alarm(s)", describe.Stdout, StringComparison.Ordinal);
        var both = JsonDocument.Parse((await Crema("alarms", "describe", "--prefix", "cc-", "--json")).Stdout).RootElement;
        Assert.Equal(2, both.GetProperty("metricAlarms").GetArrayLength());
        Assert.Equal("cc-both", both.GetProperty("compositeAlarms")[0].GetProperty("alarmName").GetString());
        Assert.Equal(["cc-both"], Parse<List<CompositeAlarmDto>>(await Crema("alarms", "describe", "--prefix", "cc-", "--type", "composite", "--json")).Select(c => c.AlarmName));
        Assert.Empty(Parse<List<CompositeAlarmDto>>(await Crema("alarms", "describe", "--prefix", "cc-", "--type", "composite", "--state", "OK", "--json")));

        // show finds it by name; disable/enable and set-state act on it.
        var show = await Crema("alarms", "show", "cc-both");
        Assert.True(show.ExitCode == 0, show.All);
        Assert.Contains("ALARM(\"cc-wait\") AND NOT OK(\"cc-milk\")", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("topic-a, topic-b", show.Stdout, StringComparison.Ordinal);
        Assert.Equal("cc-both", Parse<CompositeAlarmDto>(await Crema("alarms", "show", "cc-both", "--json")).AlarmName);

        Assert.Equal(0, (await Crema("alarms", "disable", "cc-both")).ExitCode);
        Assert.False((await fixture.Server.Client.GetCompositeAlarmAsync("cc-both")).ActionsEnabled);
        Assert.Equal(0, (await Crema("alarms", "enable", "cc-both")).ExitCode);
        Assert.True((await fixture.Server.Client.GetCompositeAlarmAsync("cc-both")).ActionsEnabled);

        var set = await Crema("alarms", "set-state", "cc-both", "--state", "ok", "--reason", "testing the composite pager");
        Assert.True(set.ExitCode == 0, set.All);
        var afterSet = await fixture.Server.Client.GetCompositeAlarmAsync("cc-both");
        Assert.Equal(("OK", "testing the composite pager"), (afterSet.StateValue, afterSet.StateReason));

        var history = await Crema("alarms", "history", "cc-both", "--type", "StateUpdate");
        Assert.True(history.ExitCode == 0, history.All);
        Assert.Contains("testing the composite pager", history.Stdout, StringComparison.Ordinal);
        Assert.Contains("Rule is true", history.Stdout, StringComparison.Ordinal);

        // A metric alarm read by the composite cannot go first; the composite can, then the metric alarm.
        var blocked = await Crema("alarms", "delete", "cc-wait");
        Assert.NotEqual(0, blocked.ExitCode);
        Assert.Contains("used by composite alarm 'cc-both'", blocked.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await Crema("alarms", "delete", "cc-both")).ExitCode);
        Assert.Equal(404, (await Assert.ThrowsAsync<CremaApiException>(() => fixture.Server.Client.GetCompositeAlarmAsync("cc-both"))).Status);
        Assert.Equal(0, (await Crema("alarms", "delete", "cc-wait")).ExitCode);
        var gone = await Crema("alarms", "show", "cc-both");
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("alarm 'cc-both' not found", gone.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_that_does_not_parse_is_refused_with_the_servers_position_and_nothing_is_created()
    {
        await PutAsync("ccp-parse");
        var put = await Crema("alarms", "put-composite", "ccp-bad", "--rule", "ALARM(\"ccp-parse\") AND AND OK(\"ccp-parse\")");
        Assert.NotEqual(0, put.ExitCode);
        var expected = (await Assert.ThrowsAsync<CremaApiException>(() => fixture.Server.Client.PutCompositeAlarmAsync("ccp-bad",
            new PutCompositeAlarmRequest { AlarmRule = "ALARM(\"ccp-parse\") AND AND OK(\"ccp-parse\")" }))).Problem!.Errors!["alarmRule"][0];
        // The second AND, counted from 1.
        var column = "ALARM(\"ccp-parse\") AND AND".LastIndexOf("AND", StringComparison.Ordinal) + 1;
        Assert.StartsWith($"position {column}:", expected, StringComparison.Ordinal);
        Assert.Contains("alarmRule: " + expected, put.Stderr, StringComparison.Ordinal);

        var unknown = await Crema("alarms", "put-composite", "ccp-bad", "--rule", "ALARM(\"ccp-nobody\")");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("alarmRule: no alarm is named 'ccp-nobody'", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(404, (await Assert.ThrowsAsync<CremaApiException>(() => fixture.Server.Client.GetCompositeAlarmAsync("ccp-bad"))).Status);

        var missing = await Crema("alarms", "put-composite", "ccp-bad");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("--rule", missing.Stderr, StringComparison.Ordinal);
    }
}
