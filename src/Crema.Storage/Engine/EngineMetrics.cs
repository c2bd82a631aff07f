using System.Diagnostics.Metrics;

namespace Crema.Storage.Engine;

/// <summary>
/// Crema's own storage metrics (meter "Crema.Storage"), for any System.Diagnostics.Metrics
/// listener (dotnet-counters, OpenTelemetry): what was written, cut, compacted and dropped.
/// </summary>
internal static class EngineMetrics
{
    public const string MeterName = "Crema.Storage";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> SamplesAppended = Meter.CreateCounter<long>("crema.storage.samples_appended", "{sample}", "Samples made durable by appends");
    public static readonly Counter<long> AppendsRefused = Meter.CreateCounter<long>("crema.storage.appends_refused", "{append}", "Appends refused because the WAL queue was full (the caller retries)");
    public static readonly Counter<long> HeadCuts = Meter.CreateCounter<long>("crema.storage.head_cuts", "{cut}", "Head generations written as blocks");
    public static readonly Counter<long> Compactions = Meter.CreateCounter<long>("crema.storage.compactions", "{compaction}", "Raw block merges");
    public static readonly Counter<long> BlocksDropped = Meter.CreateCounter<long>("crema.storage.blocks_dropped", "{block}", "Blocks deleted by retention");
}
