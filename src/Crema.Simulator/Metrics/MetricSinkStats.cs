namespace Crema.Simulator.Metrics;

/// <summary>What a sink has delivered and failed to deliver.</summary>
/// <param name="RequestsSent">Requests accepted.</param>
/// <param name="DatumsSent">Datums in accepted requests.</param>
/// <param name="RequestsFailed">Requests given up on (retries exhausted or refused).</param>
/// <param name="DatumsFailed">Datums in requests given up on.</param>
/// <param name="Retries">Attempts repeated after a transient error.</param>
/// <param name="LastError">The most recent error, if any.</param>
public readonly record struct MetricSinkStats(
    long RequestsSent,
    long DatumsSent,
    long RequestsFailed,
    long DatumsFailed,
    long Retries,
    string? LastError);
