using Crema.Server.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.Cli;

/// <summary>
/// A class fixture: one in-process server whose fake clock starts at the real time, because CLI verbs
/// stamp datums and default query ranges with the real clock.
/// </summary>
public sealed class CliServer : IAsyncLifetime
{
    private CremaTestServer? _server;

    public CremaTestServer Server => _server ?? throw new InvalidOperationException("the server has not started");

    /// <summary>The server's "now", whole seconds (the real time when the fixture started).</summary>
    public DateTimeOffset Now { get; private set; }

    /// <summary>The --url argument for this server.</summary>
    public string Url => Server.BaseAddress.ToString();

    /// <summary>Environment for CLI children: the root user's test access key (CREMA_ACCESS_KEY_ID + CREMA_SECRET_ACCESS_KEY).</summary>
    public IReadOnlyDictionary<string, string> Env => KeyEnv(Server.AdminKey.Key.AccessKeyId, Server.AdminKey.SecretAccessKey);

    /// <summary>Environment that makes the CLI send an access key.</summary>
    public static Dictionary<string, string> KeyEnv(string accessKeyId, string secret) =>
        new() { ["CREMA_ACCESS_KEY_ID"] = accessKeyId, ["CREMA_SECRET_ACCESS_KEY"] = secret };

    public async Task InitializeAsync()
    {
        Now = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
        _server = await CremaTestServer.StartAsync(time: new FakeTimeProvider(Now));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
