namespace Crema.Server.RemoteWrite;

/// <summary>One metadata entry of a remote-write request: type, family name, help and unit of a metric family.</summary>
public readonly record struct RemoteMetadata(RemoteMetricType Type, string FamilyName, string Help, string Unit)
{
    /// <summary>The type as Prometheus writes it in text exposition ("counter", "gaugehistogram", ...); "unknown" for numbers a newer sender may add.</summary>
    public string TypeName => Type switch
    {
        RemoteMetricType.Counter => "counter",
        RemoteMetricType.Gauge => "gauge",
        RemoteMetricType.Histogram => "histogram",
        RemoteMetricType.GaugeHistogram => "gaugehistogram",
        RemoteMetricType.Summary => "summary",
        RemoteMetricType.Info => "info",
        RemoteMetricType.StateSet => "stateset",
        _ => "unknown",
    };
}
