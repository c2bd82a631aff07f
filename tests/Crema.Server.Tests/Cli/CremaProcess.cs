using System.Diagnostics;
using System.Text;
using Crema.Client;

namespace Crema.Server.Tests.Cli;

/// <summary>A long-running `crema` child process (serve, demo) whose output is collected while it runs; disposing kills it if it still runs.</summary>
internal sealed class CremaProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    public CremaProcess(IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, string? workingDirectory = null)
        => _process = CremaCli.Start(args, env, _stdout, _stderr, workingDirectory);

    public string Stdout => CremaCli.Text(_stdout);

    public string Stderr => CremaCli.Text(_stderr);

    public bool HasExited => _process.HasExited;

    /// <summary>The process id the test started (the same after crema replaces its image with execve).</summary>
    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    public string Log => $"--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";

    /// <summary>Waits until GET /health at <paramref name="url"/> answers 200; fails if the process exits first.</summary>
    public async Task WaitHealthyAsync(Uri url, TimeSpan? timeout = null)
    {
        var client = CremaClient.Create(url, TimeSpan.FromSeconds(5));
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < (timeout ?? TimeSpan.FromSeconds(30)))
        {
            if (_process.HasExited) throw new InvalidOperationException($"crema exited with {_process.ExitCode} before it was healthy:\n{Log}");
            if (await client.IsHealthyAsync()) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"crema was not healthy at {url} in time:\n{Log}");
    }

    /// <summary>Waits for the process to exit and returns its exit code; fails after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"crema did not exit within {timeout}:\n{Log}");
        }
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, then waits for the exit.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        await CremaCli.TerminateAsync(_process);
        return await WaitForExitAsync(timeout);
    }

    /// <summary>SIGKILL: no flush, no shutdown hooks.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
