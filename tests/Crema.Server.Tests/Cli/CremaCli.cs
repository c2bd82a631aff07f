using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Crema.Server.Tests.Cli;

/// <summary>Runs the real `crema` executable (crema.dll beside the test binaries) as a child process.</summary>
internal static class CremaCli
{
    /// <summary>Environment variables the CLI and the server read; cleared in children unless a test sets them.</summary>
    private static readonly string[] Inherited =
    [
        "CREMA_URL", "CREMA_DATA", "ASPNETCORE_URLS", "URLS", "DOTNET_URLS",
        "CREMA_ACCESS_KEY_ID", "CREMA_SECRET_ACCESS_KEY", "CREMA_SESSION_TOKEN", "CREMA_CONFIG_DIR", "CREMA_ROOT_PASSWORD",
    ];

    /// <summary>
    /// The credentials directory children get unless a test sets CREMA_CONFIG_DIR: private to this test run and
    /// empty, so that no run reads or overwrites the developer's ~/.config/crema.
    /// </summary>
    private static readonly Lazy<string> PrivateConfigDir = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("crema-cli-config-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TestSupport.CremaTestServer.DeleteDirectory(dir);
        return dir;
    });

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "crema.dll");

    /// <summary>Starts crema with <paramref name="args"/>, stdout and stderr redirected and read asynchronously into <paramref name="stdout"/> and <paramref name="stderr"/>.</summary>
    public static Process Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? env, StringBuilder stdout, StringBuilder stderr, string? workingDirectory = null,
        string? stdin = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var name in Inherited) psi.Environment.Remove(name);
        psi.Environment["DOTNET_gcServer"] = "0";
        psi.Environment["DOTNET_TieredPGO"] = "0";
        psi.Environment["CREMA_CONFIG_DIR"] = PrivateConfigDir.Value;
        if (env is not null)
        {
            foreach (var (k, v) in env) psi.Environment[k] = v;
        }
        var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start crema");
        p.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stdout) stdout.AppendLine(e.Data);
        };
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.AppendLine(e.Data);
        };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();

        // Standard input is never the test runner's terminal: what the test gives, then end of input.
        if (stdin is not null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        return p;
    }

    /// <summary>Runs crema to completion (killed after <paramref name="timeout"/>, default 30 s) and returns what it printed.</summary>
    public static async Task<CliResult> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, TimeSpan? timeout = null, string? stdin = null)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var argList = args.ToList();
        using var p = Start(argList, env, stdout, stderr, stdin: stdin);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"crema {string.Join(' ', argList)} did not exit in time:\n{stdout}\n{stderr}");
        }
        // WaitForExitAsync also waits for the end of the redirected streams, so both are complete.
        return new CliResult(p.ExitCode, Text(stdout), Text(stderr));
    }

    /// <summary>What a reader thread has appended so far.</summary>
    public static string Text(StringBuilder sb)
    {
        lock (sb) return sb.ToString();
    }

    /// <summary>A loopback port nobody listens on (bound and released at once).</summary>
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Sends SIGTERM (the signal a service manager sends), as `kill -TERM pid`.</summary>
    public static async Task TerminateAsync(Process p)
    {
        using var kill = Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
                         ?? throw new InvalidOperationException("could not run kill");
        await kill.WaitForExitAsync();
    }
}
