using Crema.Client.Contracts;

namespace Crema.Simulator.Metrics;

/// <summary>Where the simulator's PutMetricData requests go.</summary>
public interface IMetricSink
{
    /// <summary>Delivers one request; failures are counted in <see cref="Stats"/> rather than thrown (cancellation still throws).</summary>
    Task SendAsync(PutMetricDataRequest request, CancellationToken ct = default);

    /// <summary>Counts of what was delivered and what was not.</summary>
    MetricSinkStats Stats { get; }
}
