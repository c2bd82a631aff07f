namespace Crema.Server.RemoteWrite;

/// <summary>The metric type of remote-write metadata (prometheus.MetricMetadata.MetricType; the numbers are the wire values).</summary>
public enum RemoteMetricType
{
    Unknown = 0,
    Counter = 1,
    Gauge = 2,
    Histogram = 3,
    GaugeHistogram = 4,
    Summary = 5,
    Info = 6,
    StateSet = 7,
}
