using Crema.Server.RemoteWrite;

namespace Crema.Server.Tests.RemoteWrite;

public class RoundTripTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(42)]
    public void Round_trips_random_series_with_irregular_timestamps_and_NaN_payloads(int seed)
    {
        var random = new Random(seed);
        var series = RemoteWriteTestData.RandomSeries(random, random.Next(1, 300));
        var metadata = new[]
        {
            new RemoteMetadata(RemoteMetricType.Summary, "metric_1", "Help with ☕.", "seconds"),
            new RemoteMetadata(RemoteMetricType.StateSet, "metric_2", "", ""),
            new RemoteMetadata((RemoteMetricType)42, "metric_3", "from the future", ""),
        };
        var body = RemoteWriteEncoder.Encode(series, metadata);
        using var batch = new WriteRequestBatch();

        Assert.True(RemoteWriteDecoder.TryDecode(body, batch, out var error), error);

        Assert.Equal(series.Count, batch.SeriesCount);
        var total = 0;
        for (var i = 0; i < series.Count; i++)
        {
            var (labels, samples) = series[i];
            var actual = batch[i];
            Assert.Equal(labels.Count, actual.Labels.Length);
            for (var j = 0; j < labels.Count; j++)
            {
                Assert.Equal(labels[j].Name, actual.Labels[j].Name);
                Assert.Equal(labels[j].Value, actual.Labels[j].Value);
            }

            Assert.Equal(samples.Count, actual.SampleCount);
            for (var j = 0; j < samples.Count; j++)
            {
                Assert.Equal(samples[j].Timestamp, actual.Timestamps[j]);
                Assert.Equal(BitConverter.DoubleToUInt64Bits(samples[j].Value), BitConverter.DoubleToUInt64Bits(actual.Values[j]));
            }

            total += samples.Count;
        }

        Assert.Equal(total, batch.SampleCount);
        Assert.Equal(metadata, batch.Metadata);
        Assert.Equal("unknown", batch.Metadata[2].TypeName);
    }

    [Fact]
    public void A_reused_batch_forgets_the_previous_request()
    {
        using var batch = new WriteRequestBatch();
        var big = RemoteWriteTestData.RandomSeries(new Random(7), 200);
        Assert.True(RemoteWriteDecoder.TryDecode(RemoteWriteEncoder.Encode(big), batch, out _));

        var small = new[] { RemoteWriteTestData.Series("up", (1000, 1.0), (2000, 0.0)) };
        Assert.True(RemoteWriteDecoder.TryDecode(RemoteWriteEncoder.Encode(small), batch, out _));

        Assert.Equal(1, batch.SeriesCount);
        Assert.Equal(2, batch.SampleCount);
        Assert.Equal("up", batch[0].MetricName);
        Assert.Equal([1000L, 2000L], batch[0].Timestamps.ToArray());
        Assert.Empty(batch.Metadata);
    }

    [Fact]
    public void An_empty_request_decodes_to_an_empty_batch()
    {
        using var batch = new WriteRequestBatch();

        Assert.True(RemoteWriteDecoder.TryDecode(RemoteWriteEncoder.Encode([]), batch, out var error), error);

        Assert.Equal(0, batch.SeriesCount);
        Assert.Empty(batch.Metadata);
    }

    [Fact]
    public void Decodes_a_request_of_10000_samples()
    {
        var series = PerformanceWorkload.Build(500, 20, 1_795_686_296_288);
        var body = RemoteWriteEncoder.Encode(series);
        using var batch = new WriteRequestBatch();

        Assert.True(RemoteWriteDecoder.TryDecode(body, batch, out var error), error);

        Assert.Equal(500, batch.SeriesCount);
        Assert.Equal(10_000, batch.SampleCount);
        var sum = 0.0;
        for (var i = 0; i < batch.SeriesCount; i++)
        {
            Assert.Equal(series[i].Labels[1].Value, batch[i].Labels[1].Value);
            foreach (var v in batch[i].Values)
            {
                sum += v;
            }
        }

        var expected = 0.0;
        foreach (var (_, samples) in series)
        {
            foreach (var (_, v) in samples)
            {
                expected += v;
            }
        }

        Assert.Equal(expected, sum);
    }

    [Fact]
    public void Indexing_past_the_last_series_throws()
    {
        using var batch = new WriteRequestBatch();
        Assert.True(RemoteWriteDecoder.TryDecode(RemoteWriteEncoder.Encode([RemoteWriteTestData.Series("up", (1, 1))]), batch, out _));

        Assert.Throws<ArgumentOutOfRangeException>(() => batch[1]);
    }
}
