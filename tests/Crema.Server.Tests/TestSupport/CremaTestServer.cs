using System.Net.Http.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Hosting;
using Crema.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.TestSupport;

/// <summary>
/// A real Crema server listening on a loopback port chosen by the OS, with its own data
/// directory and a fake clock; disposing stops it gracefully and deletes the directory it made.
/// </summary>
public sealed class CremaTestServer : IAsyncDisposable
{
    /// <summary>The fake clock's default "now": all test data is placed relative to it.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private readonly WebApplication _app;
    private readonly bool _ownsDirectory;
    private bool _stopped;

    /// <summary>The root user's password on every test server.</summary>
    public const string RootPassword = "espresso-Tamper-42!";

    private CremaTestServer(WebApplication app, Uri baseAddress, string dataDirectory, bool ownsDirectory, FakeTimeProvider time, CreateKeyResponse adminKey)
    {
        _app = app;
        _ownsDirectory = ownsDirectory;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        Time = time;
        AdminKey = adminKey;
        Http = NewHttp(adminKey.Key.AccessKeyId, adminKey.SecretAccessKey);
        Anonymous = NewHttp(null, null);
        Client = new CremaClient(Http);
    }

    /// <summary>An access key of the root user that <see cref="Http"/> and <see cref="Client"/> send.</summary>
    public CreateKeyResponse AdminKey { get; }

    /// <summary>A client that sends no credentials.</summary>
    public HttpClient Anonymous { get; }

    /// <summary>The server's root URL, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The data directory the server was started on.</summary>
    public string DataDirectory { get; }

    /// <summary>The clock the server reads; tests may move it.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>A raw client (authenticated with <see cref="AdminKey"/>) for requests the typed client cannot make (bad JSON, oversized bodies).</summary>
    public HttpClient Http { get; }

    /// <summary>The typed client.</summary>
    public CremaClient Client { get; }

    /// <summary>The running application (for its services).</summary>
    public WebApplication App => _app;

    /// <summary>
    /// Starts a server. Without <paramref name="dataDirectory"/> a fresh temporary directory is
    /// made and deleted on dispose; a given directory is kept (so a restart can reuse it).
    /// </summary>
    public static async Task<CremaTestServer> StartAsync(string? dataDirectory = null, FakeTimeProvider? time = null, params string[] extraArgs)
    {
        var owns = dataDirectory is null;
        var dir = dataDirectory ?? NewTempDirectory();
        time ??= new FakeTimeProvider(DefaultNow);
        var clock = time;
        var app = CremaServer.Build(["--data", dir, "--urls", "http://127.0.0.1:0", "--root-password", RootPassword, .. extraArgs], b =>
        {
            b.Services.AddSingleton<TimeProvider>(clock);
            // Quiet by default; CREMA_TEST_LOGS=1 shows the server's log (e.g. the exception behind a 500).
            if (Environment.GetEnvironmentVariable("CREMA_TEST_LOGS") != "1") b.Logging.ClearProviders();
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            if (owns) DeleteDirectory(dir);
            throw;
        }
        // With port 0 the OS picks the port; the addresses feature (app.Urls) reports the bound one.
        var address = app.Urls.Single();
        var identity = app.Services.GetRequiredService<Crema.Server.Security.IdentityService>();
        var key = await identity.CreateKeyAsync("root", new CreateKeyRequest { Description = "test harness" }, null, CancellationToken.None);
        return new CremaTestServer(app, new Uri(address.EndsWith('/') ? address : address + "/"), dir, owns, time, key);
    }

    /// <summary>A new HTTP client for this server, sending the given access key (or nothing).</summary>
    public HttpClient NewHttp(string? accessKeyId, string? secret)
    {
        var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (accessKeyId is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(accessKeyId + ":" + secret)));
        }

        return http;
    }

    /// <summary>Creates an access key for <paramref name="userName"/>, optionally limited to a role (e.g. ingest-only).</summary>
    public Task<CreateKeyResponse> CreateKeyAsync(string userName = "root", string? role = null) =>
        _app.Services.GetRequiredService<Crema.Server.Security.IdentityService>()
            .CreateKeyAsync(userName, new CreateKeyRequest { Role = role, Description = "test" }, null, CancellationToken.None);

    /// <summary>A client authenticated as a session token (Bearer).</summary>
    public HttpClient NewSessionHttp(string sessionToken)
    {
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", sessionToken);
        return http;
    }

    /// <summary>Writes datums in requests of at most 500 (the API takes 1000) and asserts each is accepted.</summary>
    public async Task PutAsync(string ns, IReadOnlyList<MetricDatumDto> data)
    {
        for (var i = 0; i < data.Count; i += 500)
        {
            var chunk = data.Skip(i).Take(500).ToList();
            var response = await Client.PutMetricDataAsync(new PutMetricDataRequest { Namespace = ns, MetricData = chunk });
            Assert.Equal(chunk.Count, response.Datums);
        }
    }

    /// <summary>The storage figures from GET /api/v1/admin/stats.</summary>
    public async Task<StoreStats> GetStatsAsync()
    {
        var stats = await Http.GetFromJsonAsync<StoreStats>("api/v1/admin/stats", CremaJson.Options);
        return stats ?? throw new InvalidOperationException("empty stats");
    }

    /// <summary>A new empty directory under the temp path (the caller deletes it).</summary>
    public static string NewTempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "crema-api-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Deletes a directory tree, ignoring one that is already gone.</summary>
    public static void DeleteDirectory(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Stops the server gracefully (the storage closes as on a normal shutdown); the directory stays.</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        Http.Dispose();
        Anonymous.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsDirectory) DeleteDirectory(DataDirectory);
    }
}
