using BenchmarkDotNet.Attributes;
using Crema.Benchmarks.Infrastructure;
using Crema.Benchmarks.Workload;
using Crema.Core.Metrics;
using Crema.Storage.Encoding;

namespace Crema.Benchmarks.Encoding;

/// <summary>SeriesBlockCodec over one series' 24 h of 10 s samples (8,640). Op/s is samples per second.</summary>
[Config(typeof(BenchConfig))]
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 5)]
public class SeriesBlockCodecBenchmarks
{
    private const int Samples = 8_640;

    private Sample[] _samples = [];
    private byte[] _encoded = [];
    private long[] _timestamps = new long[Samples];
    private double[] _values = new double[Samples];

    [Params(ValueShape.Counter, ValueShape.Gauge, ValueShape.Random)]
    public ValueShape Shape { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _samples = CoffeeShopWorkload.Series(Shape, 1, CoffeeShopWorkload.OriginMs, Samples);
        _encoded = SeriesBlockCodec.Encode(_samples);
        Console.WriteLine($"// {Shape}: {_encoded.Length} bytes for {Samples} samples = {_encoded.Length * 8.0 / Samples:F2} bits/sample");
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public int Encode() => SeriesBlockCodec.Encode(_samples).Length;

    [Benchmark(OperationsPerInvoke = Samples)]
    public int Decode() => SeriesBlockCodec.Decode(_encoded).Length;

    [Benchmark(OperationsPerInvoke = Samples)]
    public int DecodeIntoColumns()
    {
        SeriesBlockCodec.DecodeInto(_encoded, ref _timestamps, ref _values, out var count);
        return count;
    }
}
