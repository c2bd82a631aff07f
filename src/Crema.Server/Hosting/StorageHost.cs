using Crema.Storage;
using Crema.Storage.Audit;
using Crema.Storage.Engine;
using Crema.Storage.Metadata;
using Microsoft.Extensions.Options;

namespace Crema.Server.Hosting;

/// <summary>
/// Opens the sample engine and the metadata database before the server takes requests, and
/// closes them after it has stopped taking them (the head is cut and the WAL flushed: no loss).
/// </summary>
public sealed class StorageHost(IOptions<CremaOptions> options, IOptions<EngineOptions> engineOptions, TimeProvider time,
    ILoggerFactory loggers) : IHostedService
{
    private SampleEngine? _engine;
    private SqliteMetadataDatabase? _metadata;
    private SqliteAuditStore? _audit;

    public SampleEngine Engine => _engine ?? throw new InvalidOperationException("storage is not open yet");

    public IMetadataDatabase Metadata => _metadata ?? throw new InvalidOperationException("storage is not open yet");

    /// <summary>The audit trail (its own file, audit.db).</summary>
    public SqliteAuditStore Audit => _audit ?? throw new InvalidOperationException("storage is not open yet");

    /// <summary>The full data directory.</summary>
    public string DataDirectory => Path.GetFullPath(options.Value.DataDirectory);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var dir = Path.GetFullPath(options.Value.DataDirectory);
        Directory.CreateDirectory(dir);
        var eo = engineOptions.Value;
        eo.DataDirectory = Path.Combine(dir, "samples");
        _engine = await Task.Run(() => SampleEngine.Open(eo, time, loggers.CreateLogger("Crema.Storage")), cancellationToken).ConfigureAwait(false);
        _metadata = await SqliteMetadataDatabase.OpenAsync(Path.Combine(dir, "crema.db"), time, cancellationToken).ConfigureAwait(false);
        _audit = await SqliteAuditStore.OpenAsync(Path.Combine(dir, "audit.db"), time, cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_engine is not null) await _engine.DisposeAsync().ConfigureAwait(false);
        if (_metadata is not null) await _metadata.DisposeAsync().ConfigureAwait(false);
        if (_audit is not null) await _audit.DisposeAsync().ConfigureAwait(false);
    }
}
