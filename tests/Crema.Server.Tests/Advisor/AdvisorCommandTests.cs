using System.Text.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Tests.Cli;

namespace Crema.Server.Tests.Advisor;

/// <summary>`crema advisor …` as a real process: runs, results by pillar, exclusions and resources match what the server holds.</summary>
public sealed class AdvisorCommandTests(CliServer fixture) : IClassFixture<CliServer>
{
    private Task<CliResult> Crema(params string[] args) => CremaCli.RunAsync([.. args, "--url", fixture.Url], fixture.Env);

    [Fact]
    public async Task Run_results_exclude_and_resources_from_the_command_line()
    {
        var put = await Crema("advisor", "resources", "put", "cli-barista", "--kind", "barista", "--cost", "18.5", "--per", "hour", "--currency", "EUR",
            "--namespace", "CliCafe", "--metric", "OrdersPerHour", "--dimension", "Shop=north", "--capacity", "40");
        Assert.True(put.ExitCode == 0, put.All);
        Assert.Contains("Saved barista cli-barista (EUR 13505.00 a month)", put.Stdout, StringComparison.Ordinal);
        var stored = await fixture.Server.Client.GetAdvisorResourceAsync("cli-barista");
        Assert.Equal(("north", 40.0, "hour"), (stored.Dimensions["Shop"], stored.Capacity, stored.CostPeriod));

        var run = await Crema("advisor", "run", "security-root-mfa");
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("Red", run.Stdout, StringComparison.Ordinal);

        var results = await Crema("advisor", "results", "--pillar", "Security", "--json");
        Assert.True(results.ExitCode == 0, results.All);
        var parsed = JsonSerializer.Deserialize<AdvisorResultsResponse>(results.Stdout, CremaJson.Options)!;
        Assert.Equal("Security", Assert.Single(parsed.Pillars).Pillar);
        Assert.Equal("Red", parsed.Checks.Single(c => c.CheckId == "security-root-mfa").Status);

        var exclude = await Crema("advisor", "exclude", "security-root-mfa", "root", "--reason", "lab server");
        Assert.True(exclude.ExitCode == 0, exclude.All);
        var table = await Crema("advisor", "results", "--pillar", "Security");
        Assert.Contains("excluded root: lab server", table.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await Crema("advisor", "include", "security-root-mfa", "root")).ExitCode);
        Assert.Empty((await fixture.Server.Client.ListAdvisorExclusionsAsync()).Exclusions);

        var checks = await Crema("advisor", "checks");
        Assert.Contains("security-root-mfa", checks.Stdout, StringComparison.Ordinal);
        var noReason = await Crema("advisor", "exclude", "security-root-mfa", "root");
        Assert.NotEqual(0, noReason.ExitCode);

        Assert.Equal(0, (await Crema("advisor", "resources", "delete", "cli-barista")).ExitCode);
        Assert.Empty((await fixture.Server.Client.ListAdvisorResourcesAsync()).Resources);
    }
}
