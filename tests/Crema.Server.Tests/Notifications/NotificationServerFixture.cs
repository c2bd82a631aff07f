using Crema.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crema.Server.Tests.Notifications;

/// <summary>An xunit class fixture: one server with fast retries and captured logs, shared by a class's tests (each uses its own topics).</summary>
public sealed class NotificationServerFixture : IAsyncLifetime
{
    private CremaTestServer? _server;

    public CremaTestServer Server => _server ?? throw new InvalidOperationException("the server has not started");

    /// <summary>Everything the server logged since it started taking requests.</summary>
    public CapturedLogs Logs { get; } = new();

    public async Task InitializeAsync()
    {
        _server = await CremaTestServer.StartAsync(null, null, NotificationHarness.FastRetries);
        _server.App.Services.GetRequiredService<ILoggerFactory>().AddProvider(Logs);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
