using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Crema.Server.RemoteWrite;

/// <summary>
/// Decodes a Prometheus remote-write 1.0 body (snappy block-compressed protobuf
/// <c>prometheus.WriteRequest</c>) into a <see cref="WriteRequestBatch"/>. Exemplars,
/// native histograms and unknown fields of any wire type are skipped. Label strings are
/// checked for valid UTF-8 and the result recorded per series, for the validator to refuse
/// just that series. Never throws on malformed input: the error names the byte offset and
/// the field path, e.g. <c>protobuf: truncated varint at byte 812 in timeseries[3].samples[2]</c>.
/// </summary>
public static class RemoteWriteDecoder
{
    private const int WriteRequestTimeseries = 1;
    private const int WriteRequestMetadata = 3;
    private const int TimeSeriesLabels = 1;
    private const int TimeSeriesSamples = 2;
    private const int TimeSeriesExemplars = 3;
    private const int TimeSeriesHistograms = 4;
    private const int LabelName = 1;
    private const int LabelValue = 2;
    private const int SampleValue = 1;
    private const int SampleTimestamp = 2;
    private const int MetadataType = 1;
    private const int MetadataFamilyName = 2;
    private const int MetadataHelp = 4;
    private const int MetadataUnit = 5;

    /// <summary>Decompresses and decodes a body with the default limit of <see cref="RemoteWriteLimits.MaxUncompressedBytes"/>.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> snappyBody, WriteRequestBatch into, out string? error)
        => TryDecode(snappyBody, into, RemoteWriteLimits.Default.MaxUncompressedBytes, out error);

    /// <summary>
    /// Decompresses and decodes a body; a body declaring more than <paramref name="maxUncompressedBytes"/>
    /// is refused before anything is allocated. On failure the batch is left empty.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> snappyBody, WriteRequestBatch into, int maxUncompressedBytes, out string? error)
    {
        into.Clear();
        if (!SnappyBlock.TryReadUncompressedLength(snappyBody, out var length, out error))
        {
            return false;
        }

        if (length > maxUncompressedBytes)
        {
            error = $"body declares {length} uncompressed bytes, more than the limit of {maxUncompressedBytes}";
            return false;
        }

        var buffer = Crema.Core.Buffers.IoBuffers.Pool.Rent(Math.Max(length, 1));
        try
        {
            var protobuf = buffer.AsSpan(0, length);
            return SnappyBlock.TryDecompress(snappyBody, protobuf, out error)
                && TryDecodeProtobuf(protobuf, into, out error);
        }
        finally
        {
            Crema.Core.Buffers.IoBuffers.Pool.Return(buffer);
        }
    }

    /// <summary>Decodes an uncompressed <c>prometheus.WriteRequest</c>. On failure the batch is left empty.</summary>
    public static bool TryDecodeProtobuf(ReadOnlySpan<byte> protobuf, WriteRequestBatch into, out string? error)
    {
        into.Clear();
        if (TryDecodeWriteRequest(protobuf, into, out error))
        {
            return true;
        }

        into.Clear();
        return false;
    }

    private static bool TryDecodeWriteRequest(ReadOnlySpan<byte> protobuf, WriteRequestBatch into, out string? error)
    {
        var reader = new ProtoReader(protobuf, 0);
        var seriesIndex = 0;
        var metadataIndex = 0;
        while (!reader.End)
        {
            var tagOffset = reader.Offset;
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                error = Describe(in reader, "WriteRequest");
                return false;
            }

            switch (field)
            {
                case WriteRequestTimeseries:
                    if (!TryReadMessage(ref reader, wireType, tagOffset, field, out var series, out var seriesOrigin))
                    {
                        error = Describe(in reader, $"timeseries[{seriesIndex}]", wireType, field);
                        return false;
                    }

                    if (!TryDecodeSeries(series, seriesOrigin, into, seriesIndex, out error))
                    {
                        return false;
                    }

                    seriesIndex++;
                    break;
                case WriteRequestMetadata:
                    if (!TryReadMessage(ref reader, wireType, tagOffset, field, out var metadata, out var metadataOrigin))
                    {
                        error = Describe(in reader, $"metadata[{metadataIndex}]", wireType, field);
                        return false;
                    }

                    if (!TryDecodeMetadata(metadata, metadataOrigin, into, out var failed))
                    {
                        error = Describe(in failed.Reader, $"metadata[{metadataIndex}]", failed.WireType, failed.Field);
                        return false;
                    }

                    metadataIndex++;
                    break;
                default:
                    if (!reader.TrySkip(field, wireType))
                    {
                        error = Describe(in reader, "WriteRequest");
                        return false;
                    }

                    break;
            }
        }

        error = null;
        return true;
    }

    private static bool TryDecodeSeries(ReadOnlySpan<byte> payload, int origin, WriteRequestBatch into, int seriesIndex, out string? error)
    {
        into.BeginSeries();
        var reader = new ProtoReader(payload, origin);
        var labelIndex = 0;
        var sampleIndex = 0;
        while (!reader.End)
        {
            var tagOffset = reader.Offset;
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                error = Describe(in reader, $"timeseries[{seriesIndex}]");
                return false;
            }

            switch (field)
            {
                case TimeSeriesLabels:
                {
                    if (!TryReadMessage(ref reader, wireType, tagOffset, field, out var label, out var labelOrigin))
                    {
                        error = Describe(in reader, $"timeseries[{seriesIndex}].labels[{labelIndex}]", wireType, field);
                        return false;
                    }

                    if (!TryDecodeCommonLabel(label, into) && !TryDecodeLabel(label, labelOrigin, into, out var failed))
                    {
                        error = Describe(in failed.Reader, $"timeseries[{seriesIndex}].labels[{labelIndex}]", failed.WireType, failed.Field);
                        return false;
                    }

                    labelIndex++;
                    break;
                }

                case TimeSeriesSamples:
                {
                    if (!TryReadMessage(ref reader, wireType, tagOffset, field, out var sample, out var sampleOrigin))
                    {
                        error = Describe(in reader, $"timeseries[{seriesIndex}].samples[{sampleIndex}]", wireType, field);
                        return false;
                    }

                    if (!TryDecodeCommonSample(sample, into) && !TryDecodeSample(sample, sampleOrigin, into, out var failed))
                    {
                        error = Describe(in failed.Reader, $"timeseries[{seriesIndex}].samples[{sampleIndex}]", failed.WireType, failed.Field);
                        return false;
                    }

                    sampleIndex++;
                    break;
                }

                default:
                    // Exemplars, native histograms and fields of later protocol versions: skipped
                    // whatever their wire type, so a newer sender never loses its float samples.
                    if (!reader.TrySkip(field, wireType))
                    {
                        error = Describe(in reader, $"timeseries[{seriesIndex}]");
                        return false;
                    }

                    if (field == TimeSeriesExemplars)
                    {
                        into.AddExemplar();
                    }
                    else if (field == TimeSeriesHistograms)
                    {
                        into.AddHistogram();
                    }

                    break;
            }
        }

        into.EndSeries();
        error = null;
        return true;
    }

    /// <summary>
    /// The shape every sender writes: name (tag 0x0A) then value (tag 0x12), each shorter than
    /// 128 bytes so its length is one byte. Anything else goes through <see cref="TryDecodeLabel"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryDecodeCommonLabel(ReadOnlySpan<byte> label, WriteRequestBatch into)
    {
        if (label.Length < 4 || label[0] != 0x0A)
        {
            return false;
        }

        int nameLength = label[1];
        var valueTag = 2 + nameLength;
        if (nameLength >= 0x80 || valueTag + 2 > label.Length || label[valueTag] != 0x12)
        {
            return false;
        }

        int valueLength = label[valueTag + 1];
        if (valueLength >= 0x80 || valueTag + 2 + valueLength != label.Length)
        {
            return false;
        }

        into.AddLabel(label.Slice(2, nameLength), label.Slice(valueTag + 2, valueLength));
        return true;
    }

    private static bool TryDecodeLabel(ReadOnlySpan<byte> payload, int origin, WriteRequestBatch into, out FieldFailure failed)
    {
        var reader = new ProtoReader(payload, origin);
        ReadOnlySpan<byte> name = default;
        ReadOnlySpan<byte> value = default;
        while (!reader.End)
        {
            var tagOffset = reader.Offset;
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                failed = new FieldFailure(reader, 0, 0);
                return false;
            }

            var ok = field switch
            {
                LabelName => TryReadMessage(ref reader, wireType, tagOffset, field, out name, out _),
                LabelValue => TryReadMessage(ref reader, wireType, tagOffset, field, out value, out _),
                _ => reader.TrySkip(field, wireType),
            };
            if (!ok)
            {
                failed = new FieldFailure(reader, wireType, field);
                return false;
            }
        }

        into.AddLabel(name, value);
        failed = default;
        return true;
    }

    /// <summary>
    /// The shape every sender writes: value (tag 0x09, 8 bytes) then timestamp (tag 0x10,
    /// varint) and nothing else. Decoding it without a general field loop is what makes the
    /// decoder fast; anything else (a zero value left out, unknown fields, errors) returns
    /// false and goes through <see cref="TryDecodeSample"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryDecodeCommonSample(ReadOnlySpan<byte> sample, WriteRequestBatch into)
    {
        if (sample.Length < 11 || sample.Length > 20 || sample[0] != 0x09 || sample[9] != 0x10)
        {
            return false;
        }

        var bits = BinaryPrimitives.ReadUInt64LittleEndian(sample.Slice(1, 8));
        ulong timestamp = 0;
        var shift = 0;
        var last = sample.Length - 1;
        for (var i = 10; i < last; i++)
        {
            var b = sample[i];
            if (b < 0x80)
            {
                return false;   // the varint ends before the sample does: more fields follow
            }

            timestamp |= (ulong)(b & 0x7F) << shift;
            shift += 7;
        }

        var final = sample[last];
        if (final >= 0x80 || (shift == 63 && final > 1))
        {
            return false;
        }

        timestamp |= (ulong)final << shift;
        into.AddSample((long)timestamp, BitConverter.UInt64BitsToDouble(bits));
        return true;
    }

    private static bool TryDecodeSample(ReadOnlySpan<byte> payload, int origin, WriteRequestBatch into, out FieldFailure failed)
    {
        var reader = new ProtoReader(payload, origin);
        ulong valueBits = 0;
        ulong timestamp = 0;
        while (!reader.End)
        {
            var tagOffset = reader.Offset;
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                failed = new FieldFailure(reader, 0, 0);
                return false;
            }

            bool ok;
            if (field == SampleValue)
            {
                ok = wireType == ProtoWireType.Fixed64
                    ? reader.TryReadFixed64(out valueBits)
                    : reader.FailAt(ProtoError.WrongWireType, tagOffset);
            }
            else if (field == SampleTimestamp)
            {
                ok = wireType == ProtoWireType.Varint
                    ? reader.TryReadVarint(out timestamp)
                    : reader.FailAt(ProtoError.WrongWireType, tagOffset);
            }
            else
            {
                ok = reader.TrySkip(field, wireType);
            }

            if (!ok)
            {
                failed = new FieldFailure(reader, wireType, field);
                return false;
            }
        }

        into.AddSample((long)timestamp, BitConverter.UInt64BitsToDouble(valueBits));
        failed = default;
        return true;
    }

    private static bool TryDecodeMetadata(ReadOnlySpan<byte> payload, int origin, WriteRequestBatch into, out FieldFailure failed)
    {
        var reader = new ProtoReader(payload, origin);
        ulong type = 0;
        ReadOnlySpan<byte> family = default;
        ReadOnlySpan<byte> help = default;
        ReadOnlySpan<byte> unit = default;
        while (!reader.End)
        {
            var tagOffset = reader.Offset;
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                failed = new FieldFailure(reader, 0, 0);
                return false;
            }

            var ok = field switch
            {
                MetadataType => wireType == ProtoWireType.Varint
                    ? reader.TryReadVarint(out type)
                    : reader.FailAt(ProtoError.WrongWireType, tagOffset),
                MetadataFamilyName => TryReadMessage(ref reader, wireType, tagOffset, field, out family, out _),
                MetadataHelp => TryReadMessage(ref reader, wireType, tagOffset, field, out help, out _),
                MetadataUnit => TryReadMessage(ref reader, wireType, tagOffset, field, out unit, out _),
                _ => reader.TrySkip(field, wireType),
            };
            if (!ok)
            {
                failed = new FieldFailure(reader, wireType, field);
                return false;
            }
        }

        into.AddMetadata(new RemoteMetadata(
            (RemoteMetricType)(int)type, into.GetString(family), into.GetString(help), into.GetString(unit)));
        failed = default;
        return true;
    }

    /// <summary>Reads a length-delimited field (message or string), failing on any other wire type.</summary>
    private static bool TryReadMessage(scoped ref ProtoReader reader, ProtoWireType wireType, int tagOffset, int field, out ReadOnlySpan<byte> payload, out int origin)
    {
        _ = field;
        if (wireType != ProtoWireType.LengthDelimited)
        {
            payload = default;
            origin = 0;
            return reader.FailAt(ProtoError.WrongWireType, tagOffset);
        }

        return reader.TryReadBytes(out payload, out origin);
    }

    private static string Describe(in ProtoReader reader, string path, ProtoWireType wireType = 0, int field = 0)
    {
        var what = reader.Error switch
        {
            ProtoError.TruncatedVarint => "truncated varint",
            ProtoError.VarintTooLong => "varint longer than 64 bits",
            ProtoError.TruncatedFixed64 => "truncated 64-bit value",
            ProtoError.TruncatedFixed32 => "truncated 32-bit value",
            ProtoError.LengthPastEnd => "length runs past the end of the enclosing message",
            ProtoError.InvalidWireType => "invalid wire type (6 or 7)",
            ProtoError.InvalidFieldNumber => "invalid field number",
            ProtoError.UnterminatedGroup => "group without its end tag",
            ProtoError.UnexpectedEndGroup => "end-group tag without a matching start",
            ProtoError.GroupTooDeep => "groups nested too deep",
            ProtoError.WrongWireType => $"field {field} has wire type {(int)wireType}, expected {ExpectedWireType(path, field)}",
            _ => "malformed input",
        };
        return $"protobuf: {what} at byte {reader.ErrorOffset} in {path}";
    }

    private static string ExpectedWireType(string path, int field)
    {
        // Only two scalar fields are not length-delimited: samples' value (fixed64) and
        // timestamp (varint), and metadata's type (varint).
        if (path.EndsWith(']') && path.Contains(".samples[", StringComparison.Ordinal))
        {
            return field == SampleValue ? "1 (64-bit)" : "0 (varint)";
        }

        return path.StartsWith("metadata", StringComparison.Ordinal) && field == MetadataType
            ? "0 (varint)"
            : "2 (length-delimited)";
    }

    /// <summary>The state of a nested reader that failed, carried out to the caller that knows the path.</summary>
    private readonly ref struct FieldFailure(ProtoReader reader, ProtoWireType wireType, int field)
    {
        public readonly ProtoReader Reader = reader;
        public readonly ProtoWireType WireType = wireType;
        public readonly int Field = field;
    }
}
