using Crema.Server.Metrics;

namespace Crema.Server.Hosting;

/// <summary>Work that needs open storage before requests arrive (loading caches).</summary>
internal sealed class StartupTasks(MetricUnitRegistry units) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => units.LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
