using BenchmarkDotNet.Attributes;
using Crema.Benchmarks.Infrastructure;
using Crema.Core.Statistics;

namespace Crema.Benchmarks.Statistics;

/// <summary>QuantileSketch.Add of 10,000 wait times (log-normal around 2 min), then one p99. Op/s is values per second.</summary>
[Config(typeof(BenchConfig))]
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 5)]
public class QuantileSketchBenchmarks
{
    private const int Values = 10_000;

    private readonly double[] _values = new double[Values];
    private readonly QuantileSketch _sketch = new();
    private readonly QuantileSketch _other = new();

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(7);
        for (var i = 0; i < Values; i++)
        {
            // Box–Muller normal → log-normal wait seconds.
            var z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            _values[i] = Math.Exp(Math.Log(120) + (0.6 * z));
        }
        foreach (var v in _values) _other.Add(v * 1.1);
    }

    [Benchmark(OperationsPerInvoke = Values)]
    public double Add()
    {
        _sketch.Clear();
        foreach (var v in _values) _sketch.Add(v);
        return _sketch.Quantile(0.99);
    }

    /// <summary>Merging one filled sketch into another (how rollups combine periods).</summary>
    [Benchmark]
    public double Merge()
    {
        _sketch.Clear();
        _sketch.Merge(_other);
        return _sketch.Count;
    }
}
