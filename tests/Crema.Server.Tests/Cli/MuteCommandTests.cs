using System.Text.Json;
using Crema.Client;
using Crema.Client.Contracts;

namespace Crema.Server.Tests.Cli;

/// <summary>`crema alarms mute|mutes|unmute` as a real process: what it writes is on the server, and what it prints is what the server holds.</summary>
public sealed class MuteCommandTests(CliServer fixture) : IClassFixture<CliServer>
{
    private Task<CliResult> Crema(params string[] args) => CremaCli.RunAsync([.. args, "--url", fixture.Url], fixture.Env);

    [Fact]
    public async Task Mute_for_a_span_and_on_a_schedule_then_list_and_unmute()
    {
        // A span starting now (by the server's clock) for two hours.
        var span = await Crema("alarms", "mute", "cli-deploy", "--alarm", "cli-wait-*", "--alarm", "cli-queue", "--reason", "deploying 4.2", "--for", "2h", "--json");
        Assert.True(span.ExitCode == 0, span.All);
        var printed = JsonSerializer.Deserialize<MuteDto>(span.Stdout, CremaJson.Options)!;
        Assert.Equal("ACTIVE", printed.Status);
        var stored = await fixture.Server.Client.GetMuteAsync("cli-deploy");
        Assert.Equal(["cli-wait-*", "cli-queue"], stored.AlarmNamePatterns);
        Assert.Equal("deploying 4.2", stored.Reason);
        Assert.Equal(fixture.Now, stored.StartTime);
        var length = stored.EndTime!.Value - stored.StartTime!.Value;
        Assert.InRange(length, TimeSpan.FromHours(2), TimeSpan.FromHours(2).Add(TimeSpan.FromMinutes(5))); // the CLI's clock runs a little ahead of the fixture's

        // A weekly schedule in Berlin.
        var nightly = await Crema("alarms", "mute", "cli-nights", "-a", "cli-wait-*", "-r", "shop closed", "--days", "mon-fri", "--at", "18:00", "--for", "13h",
            "--tz", "Europe/Berlin", "--expires", "2099-01-01T00:00:00Z");
        Assert.True(nightly.ExitCode == 0, nightly.All);
        Assert.Contains("Mute window cli-nights", nightly.Stdout, StringComparison.Ordinal);
        var schedule = (await fixture.Server.Client.GetMuteAsync("cli-nights")).Schedule!;
        Assert.Equal(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], schedule.DaysOfWeek);
        Assert.Equal(("18:00", (int?)780, "Europe/Berlin"), (schedule.StartTime, schedule.DurationMinutes, schedule.TimeZone));

        var list = await Crema("alarms", "mutes");
        Assert.True(list.ExitCode == 0, list.All);
        Assert.Contains("cli-deploy", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("ACTIVE", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("weekdays 18:00 for 13h (Europe/Berlin)", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("shop closed", list.Stdout, StringComparison.Ordinal);

        // Only windows matching one alarm: cli-queue is not in cli-nights.
        var forQueue = await Crema("alarms", "mutes", "--alarm", "cli-queue", "--json");
        Assert.True(forQueue.ExitCode == 0, forQueue.All);
        Assert.Equal(["cli-deploy"], JsonSerializer.Deserialize<List<MuteDto>>(forQueue.Stdout, CremaJson.Options)!.Select(m => m.Name));

        var unmute = await Crema("alarms", "unmute", "cli-deploy");
        Assert.True(unmute.ExitCode == 0, unmute.All);
        Assert.Contains("Deleted mute window cli-deploy", unmute.Stdout, StringComparison.Ordinal);
        Assert.Equal(404, (await Assert.ThrowsAsync<CremaApiException>(() => fixture.Server.Client.GetMuteAsync("cli-deploy"))).Status);

        var again = await Crema("alarms", "unmute", "cli-deploy");
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("mute window 'cli-deploy' not found", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_mute_options_are_refused_naming_the_option_or_field_and_nothing_is_created()
    {
        var noLength = await Crema("alarms", "mute", "cli-bad", "-a", "x", "-r", "why");
        Assert.NotEqual(0, noLength.ExitCode);
        Assert.Contains("--for", noLength.Stderr, StringComparison.Ordinal);

        var noAt = await Crema("alarms", "mute", "cli-bad", "-a", "x", "-r", "why", "--days", "weekdays", "--for", "1h");
        Assert.NotEqual(0, noAt.ExitCode);
        Assert.Contains("--at", noAt.Stderr, StringComparison.Ordinal);

        var badZone = await Crema("alarms", "mute", "cli-bad", "-a", "x", "-r", "why", "--days", "sat", "--at", "9:00", "--for", "1h", "--tz", "Mars/Olympus");
        Assert.NotEqual(0, badZone.ExitCode);
        Assert.Contains("schedule.timeZone", badZone.Stderr, StringComparison.Ordinal);

        var noReason = await Crema("alarms", "mute", "cli-bad", "-a", "x", "--for", "1h");
        Assert.NotEqual(0, noReason.ExitCode);
        Assert.Contains("--reason", noReason.Stderr, StringComparison.Ordinal);

        Assert.DoesNotContain((await fixture.Server.Client.ListMutesAsync()).Mutes, m => m.Name == "cli-bad");
    }
}
