namespace Crema.Server.Tests.Cli;

/// <summary>
/// `crema serve` runs with a small GC young generation (DOTNET_GCgen0size), set by replacing its own
/// image once with execve: the same process id, arguments and signals, the variable in its environment.
/// </summary>
public sealed class RuntimeTuningTests
{
    [Fact]
    public async Task Serve_runs_with_a_4_MiB_gen0_budget_in_the_process_that_was_started()
    {
        var env = await EnvironmentOfServeAsync(null);
        Assert.Contains("DOTNET_GCgen0size=0x400000", env);
    }

    [Fact]
    public async Task An_operators_own_gen0_setting_is_kept()
    {
        var env = await EnvironmentOfServeAsync(new Dictionary<string, string> { ["DOTNET_GCgen0size"] = "0" });
        Assert.Contains("DOTNET_GCgen0size=0", env);
        Assert.DoesNotContain("DOTNET_GCgen0size=0x400000", env);
    }

    private static async Task<string[]> EnvironmentOfServeAsync(Dictionary<string, string>? env)
    {
        var dir = Directory.CreateTempSubdirectory("crema-tuning-").FullName;
        try
        {
            var url = new Uri($"http://127.0.0.1:{CremaCli.FreePort()}/");
            await using var server = new CremaProcess(
                ["serve", "--data", dir, "--urls", url.ToString().TrimEnd('/'), "--root-password", TestSupport.CremaTestServer.RootPassword], env);
            await server.WaitHealthyAsync(url, TimeSpan.FromSeconds(60));

            // The health answer came from the process the test started: execve keeps the pid.
            var environ = (await File.ReadAllTextAsync($"/proc/{server.Id}/environ")).Split('\0');
            var cmdline = (await File.ReadAllTextAsync($"/proc/{server.Id}/cmdline")).Split('\0');
            Assert.Contains("serve", cmdline);
            Assert.Contains(dir, cmdline);

            // Diagnostics tools (dotnet-counters, dotnet-dump) still find the process: its socket accepts.
            // (Named by pid and start time; sockets of killed processes that had the same pid may linger.)
            var startTime = (await File.ReadAllTextAsync($"/proc/{server.Id}/stat")).Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[19];
            var socket = Path.Combine(Path.GetTempPath(), $"dotnet-diagnostic-{server.Id}-{startTime}-socket");
            Assert.True(File.Exists(socket), socket);
            using (var client = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified))
            {
                await client.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(socket));
            }

            // SIGTERM to that pid still stops the server gracefully.
            Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(60)));
            return environ;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
