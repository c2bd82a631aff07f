namespace Crema.Core.Advisor;

/// <summary>A metric by namespace and name.</summary>
public sealed record AdvisorMetricRef(string Namespace, string MetricName)
{
    public override string ToString() => Namespace + "/" + MetricName;
}
