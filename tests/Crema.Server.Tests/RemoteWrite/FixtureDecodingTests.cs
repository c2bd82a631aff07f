using System.Globalization;
using System.Text.Json;
using Crema.Server.RemoteWrite;
using Crema.Server.Tests.TestSupport;

namespace Crema.Server.Tests.RemoteWrite;

public class FixtureDecodingTests
{
    public static TheoryData<string> FixtureNames()
    {
        var names = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Fixtures.RemoteWriteDirectory, "*.bin").Order(StringComparer.Ordinal))
        {
            names.Add(Path.GetFileNameWithoutExtension(path));
        }

        return names;
    }

    [Fact]
    public void All_five_fixtures_are_found()
    {
        Assert.Equal(5, FixtureNames().Count);
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Decodes_a_real_Prometheus_request_exactly_as_sent(string name)
    {
        var body = File.ReadAllBytes(Fixtures.RemoteWrite(name + ".bin"));
        using var expected = JsonDocument.Parse(File.ReadAllText(Fixtures.RemoteWrite(name + ".json")));
        using var batch = new WriteRequestBatch();

        Assert.True(RemoteWriteDecoder.TryDecode(body, batch, out var error), error);
        Assert.Null(error);

        var series = expected.RootElement.GetProperty("timeseries");
        Assert.Equal(series.GetArrayLength(), batch.SeriesCount);
        var i = 0;
        foreach (var s in series.EnumerateArray())
        {
            var actual = batch[i];
            var labels = s.GetProperty("labels");
            Assert.Equal(labels.GetArrayLength(), actual.Labels.Length);
            var j = 0;
            foreach (var label in labels.EnumerateArray())
            {
                Assert.Equal(label[0].GetString(), actual.Labels[j].Name);
                Assert.Equal(label[1].GetString(), actual.Labels[j].Value);
                j++;
            }

            var samples = s.GetProperty("samples");
            Assert.Equal(samples.GetArrayLength(), actual.SampleCount);
            j = 0;
            foreach (var sample in samples.EnumerateArray())
            {
                Assert.Equal(ExpectedBits(sample[0]), BitConverter.DoubleToUInt64Bits(actual.Values[j]));
                Assert.Equal(sample[1].GetInt64(), actual.Timestamps[j]);
                j++;
            }

            i++;
        }

        var metadata = expected.RootElement.GetProperty("metadata");
        Assert.Equal(metadata.GetArrayLength(), batch.Metadata.Count);
        i = 0;
        foreach (var m in metadata.EnumerateArray())
        {
            var actual = batch.Metadata[i++];
            Assert.Equal(m.GetProperty("type").GetInt32(), (int)actual.Type);
            Assert.Equal(m.GetProperty("metric_family_name").GetString(), actual.FamilyName);
            Assert.Equal(m.GetProperty("help").GetString(), actual.Help);
            Assert.Equal(m.GetProperty("unit").GetString(), actual.Unit);
        }
    }

    [Fact]
    public void Stale_fixture_carries_staleness_markers_bit_exact()
    {
        using var batch = Decode("prometheus-2.42-shop-stale");
        var stale = 0;
        for (var i = 0; i < batch.SeriesCount; i++)
        {
            foreach (var v in batch[i].Values)
            {
                if (BitConverter.DoubleToUInt64Bits(v) == RemoteWriteValidator.StaleNaNBits)
                {
                    stale++;
                }
            }
        }

        Assert.Equal(3, stale);
    }

    [Fact]
    public void Selfscrape_fixture_has_26_ordinary_NaN_samples()
    {
        using var batch = Decode("prometheus-2.42-selfscrape");
        var nan = 0;
        for (var i = 0; i < batch.SeriesCount; i++)
        {
            foreach (var v in batch[i].Values)
            {
                if (double.IsNaN(v) && BitConverter.DoubleToUInt64Bits(v) != RemoteWriteValidator.StaleNaNBits)
                {
                    nan++;
                }
            }
        }

        Assert.Equal(394, batch.SeriesCount);
        Assert.Equal(26, nan);
    }

    [Fact]
    public void Metadata_types_map_to_their_names()
    {
        using var batch = Decode("prometheus-2.42-shop-metadata");
        Assert.Equal(0, batch.SeriesCount);
        Assert.Equal(new RemoteMetadata(RemoteMetricType.Counter, "coffees_sold_total", "Coffees sold.", ""), batch.Metadata[0]);
        Assert.Equal("counter", batch.Metadata[0].TypeName);
        Assert.Equal("gauge", batch.Metadata[1].TypeName);

        using var self = Decode("prometheus-2.42-selfscrape-metadata");
        Assert.Equal(202, self.Metadata.Count);
        Assert.Contains(self.Metadata, m => m.FamilyName == "prometheus_tsdb_wal_fsync_duration_seconds" && m.TypeName == "summary");
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Every_fixture_series_passes_validation_at_the_fixture_time(string name)
    {
        using var batch = Decode(name);
        var nowMs = LatestTimestamp(batch);
        var valid = new List<int>();
        var errors = new List<string>();

        var refused = RemoteWriteValidator.Validate(batch, nowMs, RemoteWriteLimits.Default, valid, errors);

        Assert.Equal(0, refused);
        Assert.Empty(errors);
        Assert.Equal(batch.SeriesCount, valid.Count);
    }

    [Fact]
    public void Fixture_series_are_refused_when_the_clock_is_a_month_later()
    {
        using var batch = Decode("prometheus-2.42-shop");
        var nowMs = LatestTimestamp(batch) + (long)TimeSpan.FromDays(30).TotalMilliseconds;
        var valid = new List<int>();
        var errors = new List<string>();

        RemoteWriteValidator.Validate(batch, nowMs, RemoteWriteLimits.Default, valid, errors);

        Assert.Empty(valid);
        Assert.Equal(8, errors.Count);
        Assert.Contains("more than 14 days old", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("coffees_sold_total{instance=\"127.0.0.1:45793\", item=\"latte\", job=\"shop\", shop=\"main\"}: ", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Decoding_the_same_fixture_again_creates_no_new_label_strings()
    {
        var body = File.ReadAllBytes(Fixtures.RemoteWrite("prometheus-2.42-selfscrape.bin"));
        using var batch = new WriteRequestBatch();
        Assert.True(RemoteWriteDecoder.TryDecode(body, batch, out _));
        var misses = batch.LabelCacheMisses;
        Assert.True(misses > 0);

        Assert.True(RemoteWriteDecoder.TryDecode(body, batch, out _));

        Assert.Equal(misses, batch.LabelCacheMisses);
    }

    internal static WriteRequestBatch Decode(string name)
    {
        var batch = new WriteRequestBatch();
        Assert.True(RemoteWriteDecoder.TryDecode(File.ReadAllBytes(Fixtures.RemoteWrite(name + ".bin")), batch, out var error), error);
        return batch;
    }

    private static long LatestTimestamp(WriteRequestBatch batch)
    {
        // Metadata-only fixtures carry no time; any clock will do for them.
        var latest = 1795686296288L;
        for (var i = 0; i < batch.SeriesCount; i++)
        {
            foreach (var ts in batch[i].Timestamps)
            {
                latest = Math.Max(latest, ts);
            }
        }

        return latest;
    }

    private static ulong ExpectedBits(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            return BitConverter.DoubleToUInt64Bits(value.GetDouble());
        }

        var text = value.GetString()!;
        if (text == "StaleNaN")
        {
            return RemoteWriteValidator.StaleNaNBits;
        }

        Assert.StartsWith("NaN:", text, StringComparison.Ordinal);
        return ulong.Parse(text.AsSpan(4), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }
}
