using Crema.Server.RemoteWrite;
using Crema.Server.Tests.TestSupport;
using Snappier;

namespace Crema.Server.Tests.RemoteWrite;

public class MalformedBodyTests
{
    private static readonly byte[] ShopBody = File.ReadAllBytes(Fixtures.RemoteWrite("prometheus-2.42-shop.bin"));

    [Fact]
    public void Every_truncation_of_a_real_body_fails_with_a_snappy_error()
    {
        using var batch = new WriteRequestBatch();
        for (var length = 0; length < ShopBody.Length; length++)
        {
            Assert.False(RemoteWriteDecoder.TryDecode(ShopBody.AsSpan(0, length), batch, out var error));
            Assert.StartsWith("body is not valid snappy: ", error, StringComparison.Ordinal);
            Assert.Equal(0, batch.SeriesCount);
        }
    }

    [Fact]
    public void Every_truncation_of_real_protobuf_fails_or_decodes_whole_series_only()
    {
        var protobuf = Snappy.DecompressToArray(ShopBody);
        using var batch = new WriteRequestBatch();
        var failures = 0;
        for (var length = 0; length < protobuf.Length; length++)
        {
            if (RemoteWriteDecoder.TryDecodeProtobuf(protobuf.AsSpan(0, length), batch, out var error))
            {
                // Only a cut between two top-level fields leaves a valid, shorter request.
                Assert.True(batch.SeriesCount < 8);
            }
            else
            {
                failures++;
                Assert.Matches(@"^protobuf: .+ at byte \d+ in (WriteRequest|timeseries\[\d\].*)$", error);
                Assert.Equal(0, batch.SeriesCount);
            }
        }

        Assert.True(failures > protobuf.Length - 10, $"{failures} of {protobuf.Length} truncations failed");
    }

    [Fact]
    public void Random_garbage_and_bit_flips_never_throw()
    {
        var random = new Random(99);
        using var batch = new WriteRequestBatch();
        var protobuf = Snappy.DecompressToArray(ShopBody);
        for (var round = 0; round < 3000; round++)
        {
            var garbage = new byte[random.Next(0, 200)];
            random.NextBytes(garbage);
            if (!RemoteWriteDecoder.TryDecode(garbage, batch, out var error))
            {
                Assert.False(string.IsNullOrEmpty(error));
            }

            var flipped = (byte[])ShopBody.Clone();
            flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
            _ = RemoteWriteDecoder.TryDecode(flipped, batch, out _);

            var flippedProtobuf = (byte[])protobuf.Clone();
            flippedProtobuf[random.Next(flippedProtobuf.Length)] ^= (byte)(1 << random.Next(8));
            if (!RemoteWriteDecoder.TryDecodeProtobuf(flippedProtobuf, batch, out error))
            {
                Assert.StartsWith("protobuf: ", error, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Plain_uncompressed_protobuf_is_not_accepted_as_snappy()
    {
        using var batch = new WriteRequestBatch();

        Assert.False(RemoteWriteDecoder.TryDecode(Snappy.DecompressToArray(ShopBody), batch, out var error));

        Assert.StartsWith("body is not valid snappy: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_body_is_refused()
    {
        using var batch = new WriteRequestBatch();

        Assert.False(RemoteWriteDecoder.TryDecode([], batch, out var error));

        Assert.Equal("body is not valid snappy: the body is empty", error);
    }

    [Fact]
    public void A_body_declaring_more_than_the_limit_is_refused_before_decompressing()
    {
        using var batch = new WriteRequestBatch();
        byte[] huge = [.. Pb.Varint(100UL * 1024 * 1024), 0x00, 0x01, 0x02];

        Assert.False(RemoteWriteDecoder.TryDecode(huge, batch, out var error));
        Assert.Equal("body declares 104857600 uncompressed bytes, more than the limit of 67108864", error);

        Assert.False(RemoteWriteDecoder.TryDecode(ShopBody, batch, 100, out error));
        Assert.Contains("more than the limit of 100", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_length_header_longer_than_32_bits_is_refused()
    {
        using var batch = new WriteRequestBatch();

        Assert.False(RemoteWriteDecoder.TryDecode([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], batch, out var error));

        Assert.Equal("body is not valid snappy: the uncompressed-length header is longer than 32 bits", error);
    }

    [Fact]
    public void A_truncated_timestamp_is_named_with_its_byte_offset_and_path()
    {
        var series = new List<byte[]>();
        for (var i = 0; i < 3; i++)
        {
            series.Add(Pb.Bytes(1, Pb.Label("__name__", "up"), Pb.Sample(1, 1000)));
        }

        // timeseries[3].samples[2]: the timestamp varint has its continuation bit set and then ends.
        var truncatedSample = Pb.Bytes(2, Pb.Fixed64Field(1, 0), [0x10, 0x80]);
        series.Add(Pb.Bytes(1, Pb.Label("__name__", "up"), Pb.Sample(1, 1000), Pb.Sample(2, 2000), truncatedSample));
        var protobuf = Pb.Concat([.. series]);
        using var batch = new WriteRequestBatch();

        Assert.False(RemoteWriteDecoder.TryDecodeProtobuf(protobuf, batch, out var error));

        Assert.Equal($"protobuf: truncated varint at byte {protobuf.Length - 1} in timeseries[3].samples[2]", error);
        Assert.Equal(0, batch.SeriesCount);

        Assert.False(RemoteWriteDecoder.TryDecode(RemoteWriteEncoder.Compress(protobuf), batch, out var compressedError));
        Assert.Equal(error, compressedError);
    }

    [Fact]
    public void A_length_running_past_its_message_is_refused()
    {
        // The label claims 50 bytes but its series holds only what follows.
        byte[] label = [.. Pb.Tag(1, 2), .. Pb.Varint(50), .. Pb.Text(1, "__name__")];
        var protobuf = Pb.Bytes(1, label);
        using var batch = new WriteRequestBatch();

        Assert.False(RemoteWriteDecoder.TryDecodeProtobuf(protobuf, batch, out var error));

        Assert.Equal("protobuf: length runs past the end of the enclosing message at byte 3 in timeseries[0].labels[0]", error);
    }

    [Theory]
    [InlineData("timeseries", "protobuf: field 1 has wire type 0, expected 2 (length-delimited) at byte 0 in timeseries[0]")]
    [InlineData("sample value", "protobuf: field 1 has wire type 0, expected 1 (64-bit) at byte 4 in timeseries[0].samples[0]")]
    [InlineData("sample timestamp", "protobuf: field 2 has wire type 1, expected 0 (varint) at byte 13 in timeseries[0].samples[0]")]
    [InlineData("metadata type", "protobuf: field 1 has wire type 2, expected 0 (varint) at byte 2 in metadata[0]")]
    public void A_known_field_with_the_wrong_wire_type_is_refused(string where, string expected)
    {
        var protobuf = where switch
        {
            "timeseries" => Pb.VarintField(1, 5),
            "sample value" => Pb.Bytes(1, Pb.Bytes(2, Pb.VarintField(1, 5))),
            "sample timestamp" => Pb.Bytes(1, Pb.Bytes(2, Pb.Fixed64Field(1, 0), Pb.Fixed64Field(2, 0))),
            _ => Pb.Bytes(3, Pb.Text(1, "counter")),
        };
        using var batch = new WriteRequestBatch();

        Assert.False(RemoteWriteDecoder.TryDecodeProtobuf(protobuf, batch, out var error));

        Assert.Equal(expected, error);
    }

    [Fact]
    public void Wire_types_6_and_7_and_field_number_0_are_refused()
    {
        using var batch = new WriteRequestBatch();

        Assert.False(RemoteWriteDecoder.TryDecodeProtobuf(Pb.Tag(99, 6), batch, out var error));
        Assert.Equal("protobuf: invalid wire type (6 or 7) at byte 0 in WriteRequest", error);

        Assert.False(RemoteWriteDecoder.TryDecodeProtobuf([0x00], batch, out error));
        Assert.Equal("protobuf: invalid field number at byte 0 in WriteRequest", error);
    }

    [Fact]
    public void A_group_without_its_end_tag_and_deeply_nested_groups_are_refused()
    {
        using var batch = new WriteRequestBatch();

        Assert.False(RemoteWriteDecoder.TryDecodeProtobuf([.. Pb.Tag(99, 3), .. Pb.VarintField(1, 1)], batch, out var error));
        Assert.StartsWith("protobuf: group without its end tag", error, StringComparison.Ordinal);

        var deep = new List<byte>();
        for (var i = 0; i < 10_000; i++)
        {
            deep.AddRange(Pb.Tag(99, 3));
        }

        Assert.False(RemoteWriteDecoder.TryDecodeProtobuf([.. deep], batch, out error));
        Assert.StartsWith("protobuf: groups nested too deep", error, StringComparison.Ordinal);
    }
}
