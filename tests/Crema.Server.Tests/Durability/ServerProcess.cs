using System.Diagnostics;
using System.Text;
using Crema.Client;

namespace Crema.Server.Tests.Durability;

/// <summary>A real `crema serve` child process on a free loopback port, for tests that kill it.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServerProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
        process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Url { get; }

    public int Pid => _process.Id;

    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    public static async Task<ServerProcess> StartAsync(string dataDir, params string[] extraArgs)
    {
        var port = Cli.CremaCli.FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var dll = Path.Combine(AppContext.BaseDirectory, "crema.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { dll, "serve", "--data", dataDir, "--urls", url.ToString().TrimEnd('/') }.Concat(extraArgs)) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_gcServer"] = "0";
        var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start crema");
        var server = new ServerProcess(p, url);
        var client = CremaClient.Create(url, TimeSpan.FromSeconds(5));
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (p.HasExited) throw new InvalidOperationException("crema exited at start:\n" + server.Log);
            if (await client.IsHealthyAsync()) return server;
            await Task.Delay(100);
        }
        await server.DisposeAsync();
        throw new TimeoutException("crema did not become healthy in 60 s:\n" + server.Log);
    }

    /// <summary>SIGKILL: no flush, no shutdown hooks.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM: the graceful path (head cut, WAL flushed).</summary>
    public async Task StopGracefullyAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill!.WaitForExitAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) Kill();
        await Task.CompletedTask;
        _process.Dispose();
    }

}
