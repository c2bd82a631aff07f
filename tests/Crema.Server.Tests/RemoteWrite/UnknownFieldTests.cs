using Crema.Server.RemoteWrite;

namespace Crema.Server.Tests.RemoteWrite;

public class UnknownFieldTests
{
    private static byte[] EveryWireType(int field) => Pb.Concat(
        Pb.VarintField(field, ulong.MaxValue),
        Pb.Fixed64Field(field, 0x0123456789ABCDEF),
        Pb.Text(field, "from a later protocol version"),
        Pb.Fixed32Field(field, 7),
        Pb.Group(field, Pb.VarintField(1, 1), Pb.Group(2, Pb.Text(3, "nested")), Pb.Fixed32Field(4, 0)));

    [Fact]
    public void Exemplars_histograms_and_unknown_fields_of_every_wire_type_are_skipped()
    {
        var exemplar = Pb.Bytes(3, Pb.Label("trace_id", "abc123"), Pb.Fixed64Field(2, BitConverter.DoubleToUInt64Bits(0.25)), Pb.VarintField(3, 1000));
        var histogram = Pb.Bytes(4, Pb.VarintField(1, 12), Pb.Fixed64Field(3, 0), Pb.VarintField(4, 3), Pb.Bytes(11, Pb.VarintField(1, 0), Pb.VarintField(2, 2)));
        var label = Pb.Bytes(1, Pb.Text(1, "shop"), EveryWireType(3), Pb.Text(2, "main"));
        var sample = Pb.Bytes(2, EveryWireType(7), Pb.Fixed64Field(1, BitConverter.DoubleToUInt64Bits(42.5)), EveryWireType(99), Pb.VarintField(2, 1_795_686_296_288));
        var series = Pb.Bytes(1, Pb.Label("__name__", "coffees_sold_total"), exemplar, EveryWireType(99), label, histogram, sample, EveryWireType(5));
        var metadata = Pb.Bytes(3, Pb.VarintField(1, 1), EveryWireType(3), Pb.Text(2, "coffees_sold_total"), EveryWireType(99), Pb.Text(4, "Coffees sold."));
        var protobuf = Pb.Concat(EveryWireType(99), series, EveryWireType(2), metadata, EveryWireType(536_870_911));
        using var batch = new WriteRequestBatch();

        Assert.True(RemoteWriteDecoder.TryDecode(RemoteWriteEncoder.Compress(protobuf), batch, out var error), error);

        Assert.Equal(1, batch.SeriesCount);
        Assert.Equal([new RemoteLabel("__name__", "coffees_sold_total"), new RemoteLabel("shop", "main")], batch[0].Labels.ToArray());
        Assert.Equal([1_795_686_296_288L], batch[0].Timestamps.ToArray());
        Assert.Equal([42.5], batch[0].Values.ToArray());
        Assert.Equal(1, batch.SkippedExemplars);
        Assert.Equal(1, batch.SkippedHistograms);
        Assert.Equal([new RemoteMetadata(RemoteMetricType.Counter, "coffees_sold_total", "Coffees sold.", "")], batch.Metadata);
    }

    [Fact]
    public void A_series_with_only_a_histogram_is_decoded_without_samples_and_neither_stored_nor_refused()
    {
        var protobuf = Pb.Concat(
            Pb.Bytes(1, Pb.Label("__name__", "request_duration_seconds"), Pb.Bytes(4, Pb.VarintField(1, 3))),
            Pb.Bytes(1, Pb.Label("__name__", "up"), Pb.Sample(1, 1000)));
        using var batch = new WriteRequestBatch();
        Assert.True(RemoteWriteDecoder.TryDecodeProtobuf(protobuf, batch, out var error), error);
        var valid = new List<int>();
        var errors = new List<string>();

        RemoteWriteValidator.Validate(batch, 1000, RemoteWriteLimits.Default, valid, errors);

        Assert.Equal(2, batch.SeriesCount);
        Assert.Equal(0, batch[0].SampleCount);
        Assert.Equal([1], valid);
        Assert.Empty(errors);
    }

    [Fact]
    public void Missing_fields_take_their_proto3_defaults_and_repeated_scalars_keep_the_last()
    {
        var protobuf = Pb.Concat(
            Pb.Bytes(1,
                Pb.Bytes(1, Pb.Text(1, "__name__"), Pb.Text(2, "first"), Pb.Text(2, "up")),
                Pb.Bytes(2),
                Pb.Bytes(2, Pb.VarintField(2, 5), Pb.VarintField(2, 7))),
            Pb.Bytes(3));
        using var batch = new WriteRequestBatch();

        Assert.True(RemoteWriteDecoder.TryDecodeProtobuf(protobuf, batch, out var error), error);

        Assert.Equal("up", batch[0].MetricName);
        Assert.Equal([0L, 7L], batch[0].Timestamps.ToArray());
        Assert.Equal([0.0, 0.0], batch[0].Values.ToArray());
        Assert.Equal([new RemoteMetadata(RemoteMetricType.Unknown, "", "", "")], batch.Metadata);
    }

    [Fact]
    public void Negative_timestamps_in_ten_byte_varints_decode()
    {
        var protobuf = Pb.Bytes(1, Pb.Label("__name__", "up"), Pb.Sample(1, -1), Pb.Sample(2, long.MinValue));
        using var batch = new WriteRequestBatch();

        Assert.True(RemoteWriteDecoder.TryDecodeProtobuf(protobuf, batch, out var error), error);

        Assert.Equal([-1L, long.MinValue], batch[0].Timestamps.ToArray());
    }

    [Fact]
    public void A_varint_with_an_eleventh_byte_is_refused()
    {
        byte[] sample = [.. Pb.Tag(2, 0), 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];
        var protobuf = Pb.Bytes(1, Pb.Bytes(2, sample));
        using var batch = new WriteRequestBatch();

        Assert.False(RemoteWriteDecoder.TryDecodeProtobuf(protobuf, batch, out var error));

        Assert.Equal("protobuf: varint longer than 64 bits at byte 5 in timeseries[0].samples[0]", error);
    }
}
