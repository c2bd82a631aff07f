using Snappier;

namespace Crema.Server.RemoteWrite;

/// <summary>
/// Builds remote-write 1.0 bodies (snappy block-compressed <c>prometheus.WriteRequest</c>)
/// for tests and load generators. Writes labels in the order given; sends nothing but
/// labels, samples and metadata.
/// </summary>
public static class RemoteWriteEncoder
{
    /// <summary>Encodes the series (and optional metadata) and snappy-compresses the result.</summary>
    public static byte[] Encode(
        IEnumerable<(IReadOnlyList<(string Name, string Value)> Labels, IReadOnlyList<(long Timestamp, double Value)> Samples)> series,
        IEnumerable<RemoteMetadata>? metadata = null)
        => Compress(EncodeProtobuf(series, metadata));

    /// <summary>Encodes the series (and optional metadata) as uncompressed protobuf.</summary>
    public static byte[] EncodeProtobuf(
        IEnumerable<(IReadOnlyList<(string Name, string Value)> Labels, IReadOnlyList<(long Timestamp, double Value)> Samples)> series,
        IEnumerable<RemoteMetadata>? metadata = null)
    {
        var writer = new ProtoWriter();
        foreach (var (labels, samples) in series)
        {
            var seriesStart = writer.BeginMessage(1);
            foreach (var (name, value) in labels)
            {
                var labelStart = writer.BeginMessage(1);
                if (name.Length != 0)
                {
                    writer.WriteString(1, name);
                }

                if (value.Length != 0)
                {
                    writer.WriteString(2, value);
                }

                writer.EndMessage(labelStart);
            }

            foreach (var (timestamp, value) in samples)
            {
                var sampleStart = writer.BeginMessage(2);
                writer.WriteTag(1, ProtoWireType.Fixed64);
                writer.WriteFixed64(BitConverter.DoubleToUInt64Bits(value));
                writer.WriteTag(2, ProtoWireType.Varint);
                writer.WriteVarint((ulong)timestamp);
                writer.EndMessage(sampleStart);
            }

            writer.EndMessage(seriesStart);
        }

        if (metadata is not null)
        {
            foreach (var entry in metadata)
            {
                var start = writer.BeginMessage(3);
                if (entry.Type != RemoteMetricType.Unknown)
                {
                    writer.WriteTag(1, ProtoWireType.Varint);
                    writer.WriteVarint((ulong)(long)entry.Type);
                }

                WriteIfNotEmpty(writer, 2, entry.FamilyName);
                WriteIfNotEmpty(writer, 4, entry.Help);
                WriteIfNotEmpty(writer, 5, entry.Unit);
                writer.EndMessage(start);
            }
        }

        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Snappy block-compresses a protobuf body, as remote write sends it.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> protobuf) => Snappy.CompressToArray(protobuf);

    private static void WriteIfNotEmpty(ProtoWriter writer, int field, string value)
    {
        if (value.Length != 0)
        {
            writer.WriteString(field, value);
        }
    }
}
