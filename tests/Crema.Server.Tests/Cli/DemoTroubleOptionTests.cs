namespace Crema.Server.Tests.Cli;

/// <summary>`crema demo --trouble …` is checked before anything starts: the error names the option and the rule.</summary>
public sealed class DemoTroubleOptionTests
{
    [Theory]
    [InlineData("barista:Harbour@+2x+20m", "the start after @ must be a local time HH:MM or +DURATION after the catch-up")]
    [InlineData("barista:Nowhere@+2m+20m", "Shop 'Nowhere' is not one of the simulated shops")]
    [InlineData("late:Station:cream@+1m+30m", "a late delivery looks like late:SHOP:milk+DURATION or late:SHOP:milk@START+DURATION")]
    [InlineData("barista:Harbour@23:30+60m", "must be positive and end by midnight")]
    public async Task A_bad_trouble_is_refused_with_the_rule_before_the_server_starts(string trouble, string rule)
    {
        var url = $"http://127.0.0.1:{CremaCli.FreePort()}";
        var data = Directory.CreateTempSubdirectory("crema-demo-trouble-").FullName;
        try
        {
            var demo = await CremaCli.RunAsync(["demo", "--data", data, "--urls", url, "--for", "1s", "--trouble", trouble], timeout: TimeSpan.FromSeconds(30));
            Assert.Equal(2, demo.ExitCode);
            Assert.Contains(rule, demo.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Crema is running", demo.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
