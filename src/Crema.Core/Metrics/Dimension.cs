namespace Crema.Core.Metrics;

/// <summary>A name=value pair that, with namespace and metric name, identifies a series.</summary>
public readonly record struct Dimension(string Name, string Value)
{
    public override string ToString() => Name + "=" + Value;
}
