namespace Crema.Benchmarks.Workload;

/// <summary>How a generated series' values move, which decides how well they compress.</summary>
public enum ValueShape
{
    /// <summary>A Prometheus-style cumulative counter: whole numbers that grow by small steps (coffees sold).</summary>
    Counter,

    /// <summary>A gauge with one decimal that wanders (wait seconds, stock kg).</summary>
    Gauge,

    /// <summary>Full-precision random doubles: the worst case for XOR encoding.</summary>
    Random,
}
