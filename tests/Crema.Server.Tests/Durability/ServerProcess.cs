using Crema.Server.Tests.Cli;

namespace Crema.Server.Tests.Durability;

/// <summary>A real `crema serve` child process on a free loopback port, for tests that kill it.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly CremaProcess _process;

    private ServerProcess(CremaProcess process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<ServerProcess> StartAsync(string dataDir, params string[] extraArgs)
    {
        var url = new Uri($"http://127.0.0.1:{CremaCli.FreePort()}/");
        var process = new CremaProcess(["serve", "--data", dataDir, "--urls", url.ToString().TrimEnd('/'), .. extraArgs]);
        try
        {
            await process.WaitHealthyAsync(url, TimeSpan.FromSeconds(60));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        return new ServerProcess(process, url);
    }

    /// <summary>SIGKILL: no flush, no shutdown hooks.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGTERM: the graceful path (head cut, WAL flushed).</summary>
    public Task StopGracefullyAsync() => _process.TerminateAsync(TimeSpan.FromSeconds(60));

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
