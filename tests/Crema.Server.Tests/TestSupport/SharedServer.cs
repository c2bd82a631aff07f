namespace Crema.Server.Tests.TestSupport;

/// <summary>An xunit class fixture: one real server shared by the tests of a class (they run one at a time).</summary>
public sealed class SharedServer : IAsyncLifetime
{
    private CremaTestServer? _server;

    public CremaTestServer Server => _server ?? throw new InvalidOperationException("the server has not started");

    public async Task InitializeAsync() => _server = await CremaTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
