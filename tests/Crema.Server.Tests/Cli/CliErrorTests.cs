namespace Crema.Server.Tests.Cli;

/// <summary>The CLI's failures: refused input names the field and the rule, an unreachable server and missing options say so; all exit non-zero.</summary>
public sealed class CliErrorTests(CliServer fixture) : IClassFixture<CliServer>
{
    private Task<CliResult> Crema(params string[] args) => CremaCli.RunAsync([.. args, "--url", fixture.Url], fixture.Env);

    [Fact]
    public async Task A_reserved_namespace_is_refused_with_the_field_and_the_rule()
    {
        var r = await Crema("metrics", "put", "-n", "AWS/EC2", "-m", "CPUUtilization", "-v", "1");
        Assert.NotEqual(0, r.ExitCode);
        Assert.StartsWith("error:", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("namespace: must not start with 'AWS/'", r.Stderr, StringComparison.Ordinal);
        Assert.Empty((await fixture.Server.Client.ListMetricsAsync("AWS/EC2")).Metrics);
    }

    [Fact]
    public async Task A_metric_name_of_256_characters_is_refused_with_the_limit()
    {
        var r = await Crema("metrics", "put", "-n", "CliErr", "-m", new string('m', 256), "-v", "1");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("metricName: must be at most 255 characters", r.Stderr, StringComparison.Ordinal);
        Assert.Empty((await fixture.Server.Client.ListMetricsAsync("CliErr")).Metrics);
    }

    [Fact]
    public async Task A_timestamp_older_than_14_days_is_refused_with_the_rule()
    {
        var old = fixture.Now.AddDays(-15).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var r = await Crema("metrics", "put", "-n", "CliErrOld", "-m", "Orders", "-v", "1", "-t", old);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("timestamp: must not be more than 14 days in the past", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_reported_as_such()
    {
        // A port just released by the OS: nothing listens there.
        var url = $"http://127.0.0.1:{CremaCli.FreePort()}/";
        foreach (string[] args in new[] { ["metrics", "put", "-n", "X", "-m", "Y", "-v", "1"], new[] { "metrics", "list" } })
        {
            var r = await CremaCli.RunAsync([.. args, "--url", url]);
            Assert.NotEqual(0, r.ExitCode);
            Assert.Contains("cannot reach the Crema server", r.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", r.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_server_address_comes_from_CREMA_URL_when_url_is_absent()
    {
        var env = new Dictionary<string, string>(fixture.Env) { ["CREMA_URL"] = fixture.Url };
        var r = await CremaCli.RunAsync(["metrics", "put", "-n", "CliEnvUrl", "-m", "Orders", "-v", "3"], env);
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Single((await fixture.Server.Client.ListMetricsAsync("CliEnvUrl")).Metrics);
    }

    [Theory]
    [InlineData("not-a-url")]
    [InlineData("ftp://127.0.0.1/")]
    public async Task A_malformed_url_is_refused_without_a_stack_trace(string url)
    {
        var r = await CremaCli.RunAsync(["metrics", "list", "--url", url]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("--url", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("metrics put -n CliMissing -v 1", "put needs --namespace, --metric and --value")]
    [InlineData("metrics put -n CliMissing -m Orders", "put needs --namespace, --metric and --value")]
    [InlineData("metrics get -n CliMissing", "get needs --namespace and --metric")]
    [InlineData("metrics put -n CliMissing -m Orders -v 1 -t yesterday", "--timestamp 'yesterday' is not ISO-8601 or epoch seconds")]
    [InlineData("metrics put -n CliMissing -m Orders -v 1 -d Shop", "--dimension must be Name=Value")]
    [InlineData("metrics get -n CliMissing -m Orders --since soon", "--since 'soon' must look like 15m, 3h or 2d")]
    [InlineData("metrics put -n CliMissing -m Orders -v many", "'many'")]
    [InlineData("metrics frobnicate", "'frobnicate'")]
    public async Task Missing_or_malformed_options_exit_non_zero_with_a_message(string args, string message)
    {
        var r = await CremaCli.RunAsync([.. args.Split(' '), "--url", fixture.Url], fixture.Env);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains(message, r.Stderr, StringComparison.Ordinal);
        Assert.Empty((await fixture.Server.Client.ListMetricsAsync("CliMissing")).Metrics);
    }
}
