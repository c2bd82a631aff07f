using System.Text.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Tests.Cli;

namespace Crema.Server.Tests.Scaling;

/// <summary>`crema scaling …` as a real process against a server with a real loopback actuator: what it writes is on the server, what it prints is what the server holds.</summary>
public sealed class ScalingCommandTests(CliServer fixture) : IClassFixture<CliServer>, IAsyncLifetime
{
    private ActuatorReceiver _actuator = null!;

    public async Task InitializeAsync() => _actuator = await ActuatorReceiver.StartAsync(1);

    public async Task DisposeAsync() => await _actuator.DisposeAsync();

    private Task<CliResult> Crema(params string[] args) => CremaCli.RunAsync([.. args, "--url", fixture.Url], fixture.Env);

    [Fact]
    public async Task Targets_policies_schedules_and_activities_round_trip_through_the_cli()
    {
        var create = await Crema("scaling", "targets", "create", "cli-baristas", "--min", "1", "--max", "4", "--desired", "1", "--unit", "baristas", "--webhook", _actuator.Url,
            "--timeout", "5");
        Assert.True(create.ExitCode == 0, create.All);
        Assert.Contains("Registered scalable target cli-baristas: baristas 1–4, desired 1.", create.Stdout, StringComparison.Ordinal);
        var secretLine = create.Stdout.Split('\n').Single(l => l.StartsWith("Webhook signing secret", StringComparison.Ordinal));
        _actuator.Secret = secretLine[(secretLine.LastIndexOf(' ') + 1)..].Trim();

        var tt = await Crema("scaling", "policies", "put-target-tracking", "cli-baristas", "wait", "-n", "CoffeeShop", "-m", "OrderWait", "-d", "Shop=Central", "--stat", "p90",
            "--unit", "Seconds", "--target-value", "240", "--warmup", "180");
        Assert.True(tt.ExitCode == 0, tt.All);
        Assert.Contains("TargetTracking-cli-baristas-wait-AlarmHigh (managed)", tt.Stdout, StringComparison.Ordinal);
        var policy = await fixture.Server.Client.GetScalingPolicyAsync("cli-baristas", "wait");
        Assert.Equal((240.0, 180, "p90"), (policy.TargetTracking!.TargetValue!.Value, policy.TargetTracking.Warmup!.Value, policy.TargetTracking.Metric!.Statistic));

        var sched = await Crema("scaling", "schedule", "put", "cli-baristas", "morning", "-s", "cron(0 7 * * MON-FRI)", "--tz", "Europe/London", "--min", "2");
        Assert.True(sched.ExitCode == 0, sched.All);
        Assert.Equal("cron(0 7 * * MON-FRI)", (await fixture.Server.Client.ListScheduledActionsAsync("cli-baristas")).ScheduledActions.Single().Schedule);

        var set = await Crema("scaling", "targets", "set-desired", "cli-baristas", "3", "--reason", "market day");
        Assert.True(set.ExitCode == 0, set.All);
        Assert.Contains("Successful: Desired capacity set by root (market day): baristas 1 → 3", set.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, _actuator.Capacity);
        var outside = await Crema("scaling", "targets", "set-desired", "cli-baristas", "9");
        Assert.NotEqual(0, outside.ExitCode);
        Assert.Contains("DesiredCapacity", outside.Stderr, StringComparison.Ordinal);

        var suspend = await Crema("scaling", "targets", "suspend", "cli-baristas", "--scale-in");
        Assert.True(suspend.ExitCode == 0, suspend.All);
        Assert.Contains("suspended scale-in.", suspend.Stdout, StringComparison.Ordinal);

        var list = await Crema("scaling", "targets", "list", "--json");
        Assert.True(list.ExitCode == 0, list.All);
        var targets = JsonSerializer.Deserialize<List<ScalableTargetDto>>(list.Stdout, CremaJson.Options)!;
        var t = Assert.Single(targets, x => x.Name == "cli-baristas");
        Assert.Equal((3, (int?)3, true), (t.DesiredCapacity, t.ActualCapacity, t.SuspendedState.DynamicScalingInSuspended!.Value));
        Assert.Equal(["wait"], t.Policies);

        var resume = await Crema("scaling", "targets", "resume", "cli-baristas");
        Assert.Contains("suspended nothing.", resume.Stdout, StringComparison.Ordinal);
        var show = await Crema("scaling", "targets", "show", "cli-baristas", "--refresh");
        Assert.True(show.ExitCode == 0, show.All);
        Assert.Contains("baristas: min 1, desired 3, actual 3, max 4", show.Stdout, StringComparison.Ordinal);

        var activities = await Crema("scaling", "activities", "cli-baristas", "--json");
        Assert.True(activities.ExitCode == 0, activities.All);
        var page = JsonSerializer.Deserialize<ListScalingActivitiesResponse>(activities.Stdout, CremaJson.Options)!;
        var a = Assert.Single(page.Activities);
        Assert.Equal(("Manual", "Successful", 1, 3), (a.Kind, a.Status, a.FromCapacity, a.ToCapacity));
        var table = await Crema("scaling", "activities");
        Assert.Contains("market day", table.Stdout, StringComparison.Ordinal);

        Assert.True((await Crema("scaling", "policies", "delete", "cli-baristas", "wait")).ExitCode == 0);
        Assert.True((await Crema("scaling", "schedule", "delete", "cli-baristas", "morning")).ExitCode == 0);
        var delete = await Crema("scaling", "targets", "delete", "cli-baristas");
        Assert.True(delete.ExitCode == 0, delete.All);
        Assert.Equal(404, (await Assert.ThrowsAsync<CremaApiException>(() => fixture.Server.Client.GetScalableTargetAsync("cli-baristas"))).Status);
    }

    [Fact]
    public async Task A_bad_step_is_refused_naming_the_option()
    {
        var bad = await Crema("scaling", "policies", "put-step", "nobody", "steps", "--alarm", "x", "--step", "0-120=+1");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("--step '0-120=+1' must look like", bad.Stderr, StringComparison.Ordinal);
    }
}
