using System.Net.Http.Json;
using Crema.Server.Tests.Cli;

namespace Crema.Server.Tests.Durability;

/// <summary>A real `crema serve` child process on a free loopback port, for tests that kill it.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly CremaProcess _process;

    private ServerProcess(CremaProcess process, Uri url, Crema.Client.CremaCredentials credentials)
    {
        _process = process;
        Url = url;
        Credentials = credentials;
    }

    public Uri Url { get; }

    /// <summary>A root session signed in with the test root password.</summary>
    public Crema.Client.CremaCredentials Credentials { get; }

    public static async Task<ServerProcess> StartAsync(string dataDir, params string[] extraArgs)
    {
        var url = new Uri($"http://127.0.0.1:{CremaCli.FreePort()}/");
        var process = new CremaProcess(["serve", "--data", dataDir, "--urls", url.ToString().TrimEnd('/'), "--root-password", TestSupport.CremaTestServer.RootPassword, .. extraArgs]);
        try
        {
            await process.WaitHealthyAsync(url, TimeSpan.FromSeconds(60));
            using var http = new HttpClient { BaseAddress = url };
            using var response = await http.PostAsJsonAsync("api/v1/auth/sign-in",
                new Crema.Client.Contracts.SignInRequest { UserName = "root", Password = TestSupport.CremaTestServer.RootPassword }, Crema.Client.CremaJson.Options);
            response.EnsureSuccessStatusCode();
            var session = await response.Content.ReadFromJsonAsync<Crema.Client.Contracts.SignInResponse>(Crema.Client.CremaJson.Options);
            return new ServerProcess(process, url, Crema.Client.CremaCredentials.FromSession(session!.SessionToken));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL: no flush, no shutdown hooks.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGTERM: the graceful path (head cut, WAL flushed).</summary>
    public Task StopGracefullyAsync() => _process.TerminateAsync(TimeSpan.FromSeconds(60));

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
