using BenchmarkDotNet.Attributes;
using Crema.Benchmarks.Infrastructure;
using Crema.Benchmarks.Workload;
using Crema.Core.Metrics;
using Crema.Storage.Encoding;

namespace Crema.Benchmarks.Encoding;

/// <summary>HeadChunk append and decode over 24 h of 10 s samples (8,640, cut into chunks as the head does). Op/s is samples per second.</summary>
[Config(typeof(BenchConfig))]
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 5)]
public class HeadChunkBenchmarks
{
    private const int Samples = 8_640;

    private Sample[] _samples = [];
    private List<byte[]> _chunks = [];
    private readonly Sample[] _dest = new Sample[HeadChunk.MaxSamples];

    [Params(ValueShape.Counter, ValueShape.Gauge, ValueShape.Random)]
    public ValueShape Shape { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _samples = CoffeeShopWorkload.Series(Shape, 1, CoffeeShopWorkload.OriginMs, Samples);
        _chunks = [];
        var chunk = new HeadChunk();
        foreach (var s in _samples)
        {
            if (chunk.TryAppend(s)) continue;
            _chunks.Add(chunk.Seal());
            chunk = new HeadChunk();
            chunk.TryAppend(s);
        }
        _chunks.Add(chunk.Seal());
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public int Append()
    {
        var chunk = new HeadChunk();
        var chunks = 1;
        foreach (ref readonly var s in _samples.AsSpan())
        {
            if (chunk.TryAppend(s)) continue;
            chunk = new HeadChunk();
            chunk.TryAppend(s);
            chunks++;
        }
        return chunks;
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public double DecodeAll()
    {
        var sum = 0.0;
        foreach (var bytes in _chunks)
        {
            var n = HeadChunk.DecodeAll(bytes, _dest);
            sum += _dest[n - 1].Sum;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public double Iterate()
    {
        var sum = 0.0;
        foreach (var bytes in _chunks)
        {
            var it = HeadChunk.Iterate(bytes);
            while (it.MoveNext(out var s)) sum += s.Sum;
        }
        return sum;
    }
}
