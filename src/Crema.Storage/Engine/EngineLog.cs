using Microsoft.Extensions.Logging;

namespace Crema.Storage.Engine;

/// <summary>The engine's log messages, source-generated, with stable event ids (1000–1099).</summary>
internal static partial class EngineLog
{
    [LoggerMessage(1000, LogLevel.Information, "Storage opened: {Series} series, {Blocks} blocks, {Replayed} samples replayed from the WAL")]
    public static partial void Opened(ILogger log, int series, int blocks, long replayed);

    [LoggerMessage(1001, LogLevel.Warning, "WAL replay: {Problem}")]
    public static partial void ReplayProblem(ILogger log, object problem);

    [LoggerMessage(1002, LogLevel.Warning, "WAL replay: cut {Bytes} bytes of a torn record at the end of the log")]
    public static partial void ReplayTruncated(ILogger log, long bytes);

    [LoggerMessage(1003, LogLevel.Error, "WAL write failed; the engine refuses writes until restarted")]
    public static partial void WalFailed(ILogger log, Exception ex);

    [LoggerMessage(1010, LogLevel.Information, "Cut the head into block {Seq}: {Samples} samples of {Series} series in {Ms:F0} ms")]
    public static partial void Cut(ILogger log, long seq, long samples, int series, double ms);

    [LoggerMessage(1011, LogLevel.Error, "Cutting the head at shutdown failed; the WAL still holds every sample")]
    public static partial void ShutdownCutFailed(ILogger log, Exception ex);

    [LoggerMessage(1020, LogLevel.Information, "Compacted {Count} raw blocks into block {Seq} ({Bytes} bytes) in {Ms:F0} ms")]
    public static partial void Compacted(ILogger log, int count, long seq, long bytes, double ms);

    [LoggerMessage(1021, LogLevel.Information, "Rolled up raw block {Seq} into 1-minute and 1-hour rollups")]
    public static partial void RolledUp(ILogger log, long seq);

    [LoggerMessage(1022, LogLevel.Information, "Retention dropped {Raw} raw, {Minute} 1-minute and {Hour} 1-hour blocks")]
    public static partial void RetentionDropped(ILogger log, int raw, int minute, int hour);

    [LoggerMessage(1023, LogLevel.Error, "Storage maintenance failed; it will try again")]
    public static partial void MaintenanceFailed(ILogger log, Exception ex);
}
