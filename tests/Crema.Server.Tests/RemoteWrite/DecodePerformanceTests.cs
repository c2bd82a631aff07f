using System.Diagnostics;
using Crema.Server.RemoteWrite;
using Crema.Server.Tests.TestSupport;
using Xunit.Abstractions;

namespace Crema.Server.Tests.RemoteWrite;

/// <summary>
/// Measures the benchmark workload (500 series × 20 samples, labels <c>__name__</c> and
/// <c>shop</c>) and checks the steady state allocates nothing. The figures go to the test
/// output (best of three runs, wall clock, so a busy machine lowers them); run with
/// <c>-c Release</c> for meaningful numbers.
/// </summary>
[Collection(SerialCollection.Name)]
public class DecodePerformanceTests(ITestOutputHelper output)
{
    private const long Now = 1_795_686_296_288;

    [Fact]
    public void Decoding_and_validating_a_repeated_request_allocates_nothing_once_warm()
    {
        var series = PerformanceWorkload.Build(500, 20, Now - 60_000);
        var protobuf = RemoteWriteEncoder.EncodeProtobuf(series);
        var body = RemoteWriteEncoder.Compress(protobuf);
        using var batch = new WriteRequestBatch();
        var valid = new List<int>(1000);
        var errors = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            DecodeAndValidate(body, batch, valid, errors);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 50; i++)
        {
            valid.Clear();
            Assert.True(RemoteWriteDecoder.TryDecodeProtobuf(protobuf, batch, out _));
            RemoteWriteValidator.Validate(batch, Now, RemoteWriteLimits.Default, valid, errors);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(500, valid.Count);
        Assert.Empty(errors);

        // Snappier allocates a small decompressor object per call: per request, never per sample.
        before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 50; i++)
        {
            DecodeAndValidate(body, batch, valid, errors);
        }

        Assert.InRange((GC.GetAllocatedBytesForCurrentThread() - before) / 50, 0, 128);
    }

    [Fact]
    public void Reports_decode_throughput_for_the_benchmark_workload()
    {
        var series = PerformanceWorkload.Build(500, 20, Now - 60_000);
        var body = RemoteWriteEncoder.Encode(series);
        var protobuf = RemoteWriteEncoder.EncodeProtobuf(series);
        using var batch = new WriteRequestBatch();
        var valid = new List<int>(1000);
        var errors = new List<string>();
        DecodeAndValidate(body, batch, valid, errors);

        var decodeOnly = Measure(() => RemoteWriteDecoder.TryDecodeProtobuf(protobuf, batch, out _));
        var withSnappy = Measure(() => RemoteWriteDecoder.TryDecode(body, batch, out _));
        var withValidation = Measure(() => DecodeAndValidate(body, batch, valid, errors));

        output.WriteLine($"request: {body.Length} bytes snappy, {protobuf.Length} bytes protobuf, 10,000 samples");
        output.WriteLine($"protobuf decode:              {decodeOnly / 1e6:F1} M samples/s");
        output.WriteLine($"snappy + protobuf decode:     {withSnappy / 1e6:F1} M samples/s");
        output.WriteLine($"snappy + decode + validation: {withValidation / 1e6:F1} M samples/s");
        Assert.Equal(10_000, batch.SampleCount);
        Assert.True(withValidation > 0);
    }

    [Fact]
    public void Reports_decode_throughput_for_a_real_label_heavy_request()
    {
        // Real Prometheus traffic is one sample per series with several labels each: this
        // measures label decoding and the label cache rather than sample decoding.
        var body = File.ReadAllBytes(Fixtures.RemoteWrite("prometheus-2.42-selfscrape.bin"));
        using var batch = new WriteRequestBatch();
        Assert.True(RemoteWriteDecoder.TryDecode(body, batch, out _));
        var samples = batch.SampleCount;

        var perRequest = Measure(() => RemoteWriteDecoder.TryDecode(body, batch, out _)) / 10_000;

        output.WriteLine($"selfscrape fixture: {body.Length} bytes snappy, {batch.SeriesCount} series, {samples} samples");
        output.WriteLine($"snappy + protobuf decode: {perRequest * samples / 1e6:F2} M samples/s (= series/s)");
        Assert.Equal(394, batch.SeriesCount);
    }

    private static bool DecodeAndValidate(byte[] body, WriteRequestBatch batch, List<int> valid, List<string> errors)
    {
        valid.Clear();
        errors.Clear();
        if (!RemoteWriteDecoder.TryDecode(body, batch, out _))
        {
            return false;
        }

        RemoteWriteValidator.Validate(batch, Now, RemoteWriteLimits.Default, valid, errors);
        return true;
    }

    /// <summary>Samples per second: the best of three 200 ms runs after 500 ms of warm-up (10,000 samples a request).</summary>
    private static double Measure(Func<bool> decode)
    {
        // Warm up by time, so tiered compilation has promoted the hot methods before timing.
        var warm = Stopwatch.StartNew();
        while (warm.ElapsedMilliseconds < 500)
        {
            Assert.True(decode());
        }

        var best = 0.0;
        for (var run = 0; run < 3; run++)
        {
            var watch = Stopwatch.StartNew();
            var rounds = 0;
            while (watch.ElapsedMilliseconds < 200)
            {
                decode();
                rounds++;
            }

            best = Math.Max(best, rounds * 10_000 / watch.Elapsed.TotalSeconds);
        }

        return best;
    }
}
