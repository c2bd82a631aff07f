namespace Crema.Server.Security;

/// <summary>Writes API keys' last-used times in batches and removes expired sessions, every 30 seconds and at shutdown.</summary>
internal sealed partial class IdentityMaintenanceService(IdentityService identity, TimeProvider time, ILogger<IdentityMaintenanceService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false)) await FlushAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        try
        {
            await identity.FlushAsync(ct).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // a failed flush is retried on the next tick
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.FlushFailed(log, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(2002, LogLevel.Warning, "Could not write API keys' last-used times")]
        public static partial void FlushFailed(ILogger logger, Exception ex);
    }
}
