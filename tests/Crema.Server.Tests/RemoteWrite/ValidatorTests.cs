using Crema.Server.RemoteWrite;

namespace Crema.Server.Tests.RemoteWrite;

public class ValidatorTests
{
    private const long Now = 1_795_686_296_288;   // the fixtures' time, 2026-11-26
    private static readonly (long, double)[] OneSample = [(Now, 1.0)];

    private static (List<int> Valid, List<string> Errors, WriteRequestBatch Batch) Validate(
        IEnumerable<(IReadOnlyList<(string Name, string Value)> Labels, IReadOnlyList<(long Timestamp, double Value)> Samples)> series,
        RemoteWriteLimits? limits = null)
    {
        var batch = new WriteRequestBatch();
        Assert.True(RemoteWriteDecoder.TryDecode(RemoteWriteEncoder.Encode(series), batch, out var error), error);
        var valid = new List<int>();
        var errors = new List<string>();
        var refused = RemoteWriteValidator.Validate(batch, Now, limits ?? RemoteWriteLimits.Default, valid, errors);
        Assert.Equal(errors.Count, refused);
        return (valid, errors, batch);
    }

    private static string RefusedAlone(IReadOnlyList<(string Name, string Value)> labels, RemoteWriteLimits? limits = null)
    {
        var good = RemoteWriteTestData.Series("up", OneSample);
        var (valid, errors, batch) = Validate([good, RemoteWriteTestData.Series(labels, OneSample), good], limits);
        using (batch)
        {
            Assert.Equal([0, 2], valid);
            return Assert.Single(errors);
        }
    }

    // A label name outside the pattern is quoted in the series, as PromQL 3 writes such names.
    [Fact]
    public void A_bad_label_name_refuses_only_its_series_and_names_series_and_rule()
    {
        var error = RefusedAlone([("__name__", "coffees_sold_total"), ("item", "latte"), ("1bad", "x")]);

        Assert.Equal("coffees_sold_total{\"1bad\"=\"x\", item=\"latte\"}: label name \"1bad\" does not match [a-zA-Z_][a-zA-Z0-9_]*", error);
    }

    [Theory]
    [InlineData("with-dash")]
    [InlineData("dotted.name")]
    [InlineData("colon:name")]
    [InlineData("café")]
    public void Label_names_outside_the_pattern_are_refused(string name)
    {
        var error = RefusedAlone([("__name__", "up"), (name, "v")]);

        Assert.Contains($"label name \"{name}\" does not match [a-zA-Z_][a-zA-Z0-9_]*", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_metric_name_is_refused()
    {
        var error = RefusedAlone([("item", "latte")]);

        Assert.Equal("{item=\"latte\"}: label __name__ is missing", error);
    }

    [Fact]
    public void An_empty_metric_name_is_refused()
    {
        var error = RefusedAlone([("__name__", ""), ("item", "latte")]);

        Assert.Equal("{__name__=\"\", item=\"latte\"}: label __name__ is empty", error);
    }

    [Theory]
    [InlineData("1st_metric")]
    [InlineData("coffees-sold")]
    [InlineData("coffees sold")]
    public void A_metric_name_outside_the_pattern_is_refused(string name)
    {
        var error = RefusedAlone([("__name__", name), ("item", "latte")]);

        Assert.Equal($"{{__name__=\"{name}\", item=\"latte\"}}: metric name \"{name}\" does not match [a-zA-Z_:][a-zA-Z0-9_:]*", error);
    }

    [Fact]
    public void Colons_are_valid_in_metric_names()
    {
        var (valid, errors, batch) = Validate([RemoteWriteTestData.Series("job:coffees_sold:rate5m", OneSample)]);
        batch.Dispose();

        Assert.Equal([0], valid);
        Assert.Empty(errors);
    }

    [Fact]
    public void A_duplicate_label_name_is_refused()
    {
        var error = RefusedAlone([("__name__", "up"), ("item", "latte"), ("shop", "main"), ("item", "mocha")]);

        Assert.Equal("up{item=\"latte\", item=\"mocha\", shop=\"main\"}: duplicate label name \"item\"", error);
    }

    [Fact]
    public void A_duplicate_metric_name_is_refused()
    {
        var error = RefusedAlone([("__name__", "up"), ("__name__", "down")]);

        Assert.EndsWith(": duplicate label name \"__name__\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsorted_labels_are_accepted_and_sorted_by_name()
    {
        var (valid, errors, batch) = Validate([RemoteWriteTestData.Series([("zone", "b"), ("item", "latte"), ("__name__", "up"), ("Alpha", "a")], OneSample)]);
        using (batch)
        {
            Assert.Equal([0], valid);
            Assert.Empty(errors);
            var names = new List<string>();
            foreach (var label in batch[0].Labels)
            {
                names.Add(label.Name);
            }

            Assert.Equal(["Alpha", "__name__", "item", "zone"], names);
        }
    }

    [Fact]
    public void Labels_with_empty_values_are_dropped_as_Prometheus_does()
    {
        var (valid, _, batch) = Validate([RemoteWriteTestData.Series([("__name__", "up"), ("item", ""), ("shop", "main")], OneSample)]);
        using (batch)
        {
            Assert.Equal([0], valid);
            Assert.Equal([new RemoteLabel("__name__", "up"), new RemoteLabel("shop", "main")], batch[0].Labels.ToArray());
        }
    }

    [Fact]
    public void Thirty_labels_besides_the_name_are_accepted_and_thirty_one_refused()
    {
        var thirty = new List<(string, string)> { ("__name__", "up") };
        for (var i = 0; i < 30; i++)
        {
            thirty.Add(($"d{i:00}", "v"));
        }

        var thirtyOne = new List<(string, string)>(thirty) { ("d30", "v") };
        var (valid, errors, batch) = Validate([RemoteWriteTestData.Series(thirty, OneSample), RemoteWriteTestData.Series(thirtyOne, OneSample)]);
        batch.Dispose();

        Assert.Equal([0], valid);
        Assert.EndsWith(": 31 labels besides __name__, more than the limit of 30", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_value_longer_than_1024_characters_is_refused_and_shortened_in_the_message()
    {
        var ok = RemoteWriteTestData.Series([("__name__", "up"), ("note", new string('x', 1024))], OneSample);
        var (valid, errors, batch) = Validate([ok]);
        batch.Dispose();
        Assert.Equal([0], valid);
        Assert.Empty(errors);

        var error = RefusedAlone([("__name__", "up"), ("note", new string('x', 1025))]);

        Assert.Equal($"up{{note=\"{new string('x', 64)}…\"}}: label \"note\" value is 1025 characters long, more than the limit of 1024", error);
    }

    [Fact]
    public void A_label_name_longer_than_255_characters_is_refused()
    {
        var name = new string('n', 256);

        var error = RefusedAlone([("__name__", "up"), (name, "v")]);

        Assert.EndsWith($": label name \"{new string('n', 64)}…\" is 256 characters long, more than the limit of 255", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_can_be_tightened()
    {
        var limits = new RemoteWriteLimits { MaxLabelsBesideName = 1, MaxLabelValueLength = 4 };

        Assert.EndsWith("2 labels besides __name__, more than the limit of 1", RefusedAlone([("__name__", "up"), ("a", "1"), ("b", "2")], limits), StringComparison.Ordinal);
        Assert.EndsWith("label \"a\" value is 5 characters long, more than the limit of 4", RefusedAlone([("__name__", "up"), ("a", "12345")], limits), StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_UTF8_label_value_refuses_only_its_series()
    {
        var bad = Pb.Bytes(1, Pb.Label("__name__", "coffees_sold_total"), Pb.Bytes(1, Pb.Text(1, "item"), Pb.Bytes(2, [0x6C, 0xC3, 0x28])), Pb.Sample(1, Now));
        var badName = Pb.Bytes(1, Pb.Label("__name__", "up"), Pb.Bytes(1, Pb.Bytes(1, [0xFF]), Pb.Text(2, "v")), Pb.Sample(1, Now));
        var good = Pb.Bytes(1, Pb.Label("__name__", "up"), Pb.Sample(1, Now));
        using var batch = new WriteRequestBatch();
        Assert.True(RemoteWriteDecoder.TryDecodeProtobuf(Pb.Concat(good, bad, badName, good), batch, out var error), error);
        var valid = new List<int>();
        var errors = new List<string>();

        RemoteWriteValidator.Validate(batch, Now, RemoteWriteLimits.Default, valid, errors);

        Assert.Equal([0, 3], valid);
        Assert.Equal(2, errors.Count);
        Assert.Equal("coffees_sold_total{item=\"l\uFFFD(\"}: label \"item\" value is not valid UTF-8", errors[0]);
        Assert.EndsWith(": label name \"\uFFFD\" is not valid UTF-8", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Multibyte_UTF8_values_are_valid()
    {
        var (valid, errors, batch) = Validate([RemoteWriteTestData.Series([("__name__", "up"), ("item", "café ☕ \U0001F600")], OneSample)]);
        batch.Dispose();

        Assert.Equal([0], valid);
        Assert.Empty(errors);
    }

    [Fact]
    public void NaN_staleness_markers_and_infinities_are_valid_and_kept_bit_exact()
    {
        var stale = BitConverter.UInt64BitsToDouble(RemoteWriteValidator.StaleNaNBits);
        var promNaN = BitConverter.UInt64BitsToDouble(0x7ff8000000000001UL);
        var (valid, errors, batch) = Validate([RemoteWriteTestData.Series("up", (Now - 3, stale), (Now - 2, promNaN), (Now - 1, double.PositiveInfinity), (Now, double.NegativeInfinity))]);
        using (batch)
        {
            Assert.Equal([0], valid);
            Assert.Empty(errors);
            var values = batch[0].Values;
            Assert.Equal(RemoteWriteValidator.StaleNaNBits, BitConverter.DoubleToUInt64Bits(values[0]));
            Assert.Equal(0x7ff8000000000001UL, BitConverter.DoubleToUInt64Bits(values[1]));
        }
    }

    [Fact]
    public void Samples_at_the_window_edges_are_accepted()
    {
        var oldest = Now - (long)TimeSpan.FromDays(14).TotalMilliseconds;
        var newest = Now + (long)TimeSpan.FromHours(2).TotalMilliseconds;

        var (valid, errors, batch) = Validate([RemoteWriteTestData.Series("up", (oldest, 1), (newest, 2))]);
        batch.Dispose();

        Assert.Equal([0], valid);
        Assert.Empty(errors);
    }

    [Fact]
    public void One_sample_older_than_14_days_refuses_the_whole_series()
    {
        var tooOld = Now - (long)TimeSpan.FromDays(14).TotalMilliseconds - 1;

        var (valid, errors, batch) = Validate([
            RemoteWriteTestData.Series([("__name__", "coffees_sold_total"), ("item", "latte")], [(Now - 1000, 1), (tooOld, 2), (tooOld - 5, 3)]),
            RemoteWriteTestData.Series("up", OneSample),
        ]);
        batch.Dispose();

        Assert.Equal([1], valid);
        Assert.Equal(
            "coffees_sold_total{item=\"latte\"}: 2 of 3 samples outside the accepted window [2026-11-12T09:44:56.288Z, 2026-11-26T11:44:56.288Z], "
            + "the first at 2026-11-12T09:44:56.287Z is more than 14 days old; the whole series is refused",
            Assert.Single(errors));
    }

    [Fact]
    public void A_sample_more_than_2_hours_ahead_refuses_the_whole_series()
    {
        var tooNew = Now + (long)TimeSpan.FromHours(2).TotalMilliseconds + 1;

        var error = Assert.Single(Validate([RemoteWriteTestData.Series("up", (Now, 1), (tooNew, 2))]).Errors);

        Assert.Contains("1 of 2 samples outside the accepted window", error, StringComparison.Ordinal);
        Assert.Contains("is more than 2 hours ahead; the whole series is refused", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Absurd_timestamps_are_refused_without_throwing()
    {
        var error = Assert.Single(Validate([RemoteWriteTestData.Series("up", (long.MinValue, 1))]).Errors);

        Assert.Contains($"the first at {long.MinValue} ms is more than 14 days old", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_values_with_quotes_and_newlines_are_escaped_in_messages()
    {
        var error = RefusedAlone([("__name__", "up"), ("q", "a\"b\\c\nd"), ("bad-name", "v")]);

        Assert.StartsWith("up{\"bad-name\"=\"v\", q=\"a\\\"b\\\\c\\nd\"}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_series_of_a_random_request_is_either_stored_or_refused_once()
    {
        var random = new Random(5);
        var series = RemoteWriteTestData.RandomSeries(random, 400);
        var (valid, errors, batch) = Validate(series);
        using (batch)
        {
            var withSamples = 0;
            foreach (var (_, samples) in series)
            {
                if (samples.Count > 0)
                {
                    withSamples++;
                }
            }

            Assert.Equal(withSamples, valid.Count + errors.Count);
            Assert.Equal(valid.Count, new HashSet<int>(valid).Count);

            // The random timestamps lie years before the fixture's clock or at random 64-bit
            // values, so every refusal is about time, and every stored series lies in the window.
            foreach (var e in errors)
            {
                Assert.Contains("samples outside the accepted window", e, StringComparison.Ordinal);
            }

            foreach (var i in valid)
            {
                foreach (var ts in batch[i].Timestamps)
                {
                    Assert.InRange(ts, Now - (long)TimeSpan.FromDays(14).TotalMilliseconds, Now + (long)TimeSpan.FromHours(2).TotalMilliseconds);
                }
            }
        }
    }

    [Fact]
    public void Limits_validate_themselves()
    {
        Assert.True(RemoteWriteLimits.Default.TryValidate(out var error));
        Assert.Null(error);

        Assert.False(new RemoteWriteLimits { MaxUncompressedBytes = 0 }.TryValidate(out error));
        Assert.Equal("MaxUncompressedBytes must be positive (is 0)", error);
        Assert.False(new RemoteWriteLimits { MaxSampleAge = TimeSpan.FromDays(-1) }.TryValidate(out error));
        Assert.StartsWith("MaxSampleAge must not be negative", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Series_format_as_PromQL_selectors()
    {
        using var batch = new WriteRequestBatch();
        Assert.True(RemoteWriteDecoder.TryDecode(RemoteWriteEncoder.Encode([
            RemoteWriteTestData.Series([("__name__", "up")], OneSample),
            RemoteWriteTestData.Series([("__name__", "coffees_sold_total"), ("item", "latte")], OneSample),
        ]), batch, out _));

        Assert.Equal("up", batch[0].ToString());
        Assert.Equal("coffees_sold_total{item=\"latte\"}", batch[1].ToString());
    }
}
