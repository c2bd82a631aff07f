using System.Text;
using Crema.Core.Audit;
using Crema.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Crema.Server.Audit;

/// <summary>
/// Every <see cref="AuditOptions.DigestInterval"/> (and at shutdown) signs a digest of the events since
/// the previous one — Merkle root, every event hash, the previous digest's hash — stores it, writes a
/// copy to the export directory and posts it to the webhook, so that a copy lives outside the server's reach.
/// </summary>
public sealed partial class DigestService(
    StorageHost storage,
    AuditSigningKey key,
    IOptions<AuditOptions> options,
    TimeProvider time,
    IHttpClientFactory httpClients,
    ILogger<DigestService> log) : BackgroundService
{
    private const int ReadBatch = 10_000;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<AuditDigest> _unposted = [];
    private readonly DateTimeOffset _started = time.GetUtcNow();

    /// <summary>Writes a digest of everything not yet digested now; returns it.</summary>
    public async Task<AuditDigest> WriteNowAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var audit = storage.Audit;
            var previousBody = await audit.LastDigestBodyAsync(ct).ConfigureAwait(false);
            var previous = previousBody is null ? null : AuditDigests.Parse(previousBody);
            var last = await audit.LastEventAsync(ct).ConfigureAwait(false);
            var from = (previous?.LastEventSequence ?? 0) + 1;
            var to = last?.Sequence ?? 0;
            var events = new List<StoredAuditEvent>();
            while (from <= to)
            {
                var page = await audit.ReadRangeAsync(from, to, ReadBatch, ct).ConfigureAwait(false);
                if (page.Count == 0) break;
                events.AddRange(page);
                from = page[^1].Sequence + 1;
            }

            var now = time.GetUtcNow();
            var digest = AuditDigests.Create(previous, events, previous?.PeriodEnd ?? _started, now, now, key.Signer);
            var body = AuditDigests.Serialize(digest);
            await audit.AppendDigestAsync(digest.DigestSequence, digest.PeriodEnd, body, ct).ConfigureAwait(false);
            Export(digest, body);
            await PostAsync(digest, ct).ConfigureAwait(false);
            return digest;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The name of a digest's exported copy.</summary>
    public static string ExportFileName(long digestSequence) =>
        "digest-" + digestSequence.ToString("D8", System.Globalization.CultureInfo.InvariantCulture) + ".json";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DigestInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await TryWriteAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);

        // A last digest at shutdown: events of the final minutes are signed too.
        await TryWriteAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    private async Task TryWriteAsync(CancellationToken ct)
    {
        try
        {
            var d = await WriteNowAsync(ct).ConfigureAwait(false);
            Log.DigestWritten(log, d.DigestSequence, d.EventCount);
        }
#pragma warning disable CA1031 // a failed digest is retried at the next interval; it covers the same events then
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.DigestFailed(log, ex);
        }
    }

    private void Export(AuditDigest digest, string body)
    {
        if (options.Value.DigestExportDirectory is not { Length: > 0 } dir) return;
        try
        {
            Directory.CreateDirectory(dir);
            var path = Path.Combine(dir, ExportFileName(digest.DigestSequence));
            File.WriteAllText(path + ".tmp", body);
            File.Move(path + ".tmp", path, overwrite: true);
        }
        catch (IOException ex)
        {
            Log.ExportFailed(log, ex, dir);
        }
        catch (UnauthorizedAccessException ex)
        {
            Log.ExportFailed(log, ex, dir);
        }
    }

    private async Task PostAsync(AuditDigest digest, CancellationToken ct)
    {
        if (options.Value.DigestWebhookUrl is not { Length: > 0 } url) return;
        _unposted.Add(digest);
        using var http = httpClients.CreateClient("crema-digests");
        http.Timeout = TimeSpan.FromSeconds(10);
        while (_unposted.Count > 0)
        {
            var next = _unposted[0];
            try
            {
                using var content = new StringContent(AuditDigests.Serialize(next), Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(new Uri(url), content, ct).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    Log.PostFailed(log, null, next.DigestSequence, (int)response.StatusCode);
                    return;
                }
            }
            catch (HttpRequestException ex)
            {
                Log.PostFailed(log, ex, next.DigestSequence, 0);
                return;
            }
            catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
            {
                Log.PostFailed(log, ex, next.DigestSequence, 0);
                return;
            }

            _unposted.RemoveAt(0);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(2110, LogLevel.Debug, "Audit digest {Sequence} signed over {Count} events")]
        public static partial void DigestWritten(ILogger logger, long sequence, long count);

        [LoggerMessage(2111, LogLevel.Error, "Could not write the audit digest; retrying at the next interval")]
        public static partial void DigestFailed(ILogger logger, Exception ex);

        [LoggerMessage(2112, LogLevel.Warning, "Could not copy the audit digest to {Directory}")]
        public static partial void ExportFailed(ILogger logger, Exception ex, string directory);

        [LoggerMessage(2113, LogLevel.Warning, "Could not post audit digest {Sequence} to the webhook (status {Status}); it is retried with the next digest")]
        public static partial void PostFailed(ILogger logger, Exception? ex, long sequence, int status);
    }
}
