namespace Crema.Server.Hosting;

/// <summary>Runs the engine's maintenance loop (head cuts, compaction, rollups, retention) in the background.</summary>
internal sealed class StorageMaintenanceService(StorageHost storage) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => storage.Engine.RunMaintenanceAsync(stoppingToken);
}
