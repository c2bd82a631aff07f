using BenchmarkDotNet.Attributes;
using Crema.Benchmarks.Infrastructure;
using Crema.Benchmarks.Workload;
using Crema.Core.Metrics;
using Crema.Storage;
using Crema.Storage.Engine;

namespace Crema.Benchmarks.Engine;

/// <summary>
/// The parts of an append without the WAL fsync, to separate costs: the head alone
/// (HeadGeneration → SeriesHead → HeadChunk) and the WAL payload encoding alone.
/// Op/s is samples per second; Allocated is bytes per sample.
/// </summary>
[Config(typeof(BenchConfig))]
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 5)]
public class HeadAppendBenchmarks
{
    private const int SeriesPerBatch = 500;
    private const int SamplesPerSeries = 20;
    private const int Batches = 40;
    private const int BatchSamples = SeriesPerBatch * SamplesPerSeries;
    private const int TotalSamples = Batches * BatchSamples;

    private List<SeriesWrite[]> _batches = [];
    private readonly Crema.Storage.Encoding.ByteWriter _sink = new(1 << 20);
    private int[] _ids = [];
    private List<WalBatchCodec.Def> _defs = [];

    [GlobalSetup]
    public void Setup()
    {
        var keys = CoffeeShopWorkload.Keys(SeriesPerBatch);
        _batches = CoffeeShopWorkload.Batches(keys, SamplesPerSeries, Batches);
        _ids = new int[SeriesPerBatch];
        _defs = new List<WalBatchCodec.Def>(SeriesPerBatch);
        for (var i = 0; i < SeriesPerBatch; i++)
        {
            _ids[i] = i;
            _defs.Add(new WalBatchCodec.Def(i, keys[i], StorageResolution.High));
        }
        Console.WriteLine($"// WAL payload: {WalEncodeBatch() / (double)BatchSamples:F2} bytes/sample, {WalEncodeBatchWithDefinitions() / (double)BatchSamples:F2} with definitions");
    }

    /// <summary>40 batches of 500 series × 20 samples into a fresh head generation (series creation included).</summary>
    [Benchmark(OperationsPerInvoke = TotalSamples)]
    public long HeadGenerationAppend()
    {
        var head = new HeadGeneration(0, 0, CoffeeShopWorkload.OriginMs);
        foreach (var batch in _batches)
        {
            foreach (var w in batch) head.Append(w.Key, w.Resolution, w.Span);
        }
        return head.SampleCount;
    }

    /// <summary>One batch's WAL payload, samples only (series already defined in this generation).</summary>
    [Benchmark(OperationsPerInvoke = BatchSamples)]
    public int WalEncodeBatch()
    {
        _sink.Clear();
        WalBatchCodec.Encode(_sink, [], _batches[1], _ids);
        return _sink.Length;
    }

    /// <summary>One batch's WAL payload with all 500 series definitions (first batch of a generation).</summary>
    [Benchmark(OperationsPerInvoke = BatchSamples)]
    public int WalEncodeBatchWithDefinitions()
    {
        _sink.Clear();
        WalBatchCodec.Encode(_sink, _defs, _batches[0], _ids);
        return _sink.Length;
    }
}
