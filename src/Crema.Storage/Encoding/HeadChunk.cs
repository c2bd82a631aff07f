using System.Buffers.Binary;
using Crema.Core.Metrics;

namespace Crema.Storage.Encoding;

/// <summary>
/// An append-only Gorilla-style compressed chunk for the in-memory head of one series
/// (delta-of-delta timestamps; XOR floats, or decimal mantissa deltas when every value is a
/// short decimal). Layout: docs/formats/chunk.md.
/// </summary>
/// <remarks>
/// Thread safety: one writer calls <see cref="TryAppend"/>; readers must not touch the chunk
/// directly while it can change. Instead, take <see cref="Snapshot"/> under the same lock the
/// writer appends under, then decode the snapshot outside the lock while appends continue:
/// appends only set bits past the snapshot's end (and grow by copying into a new array), so the
/// snapshot's bits never change. The header count is the one byte range that does change,
/// which is why a snapshot carries its own count and decodes with it.
/// </remarks>
public sealed class HeadChunk
{
    /// <summary>Most samples in one chunk (two hours at 30 s, four minutes at 1 s).</summary>
    public const int MaxSamples = 240;

    /// <summary>A chunk counts as full once its encoded form reaches this many bytes.</summary>
    public const int SoftMaxBytes = 2048;

    /// <summary>Header: kind (1 byte), sample count (u16 little-endian).</summary>
    public const int HeaderSize = 3;

    // Worst case for one sample: timestamp + flag + four XOR values, in bytes, plus store slack.
    private const int MaxSampleBytes = ((TimestampCodec.MaxBits + 1 + (4 * XorState.MaxBits)) / 8) + 1 + BitWriter.Slack;

    private byte[] _buffer;
    private int _bitPos = HeaderSize * 8;
    private int _count;
    private long _minTime;
    private long _maxTime;
    private long _prevDelta;
    private ChunkKind _kind;
    private bool _sealed;
    private XorState _sum = XorState.Initial;
    private XorState _cnt = XorState.Initial;
    private XorState _min = XorState.Initial;
    private XorState _max = XorState.Initial;
    private readonly int _exponentHint;
    private readonly bool _decimalValues;
    private int _exponent = -1;
    private long _mantissa;

    /// <summary>Creates an empty chunk.</summary>
    public HeadChunk()
        : this(128)
    {
    }

    /// <summary>
    /// Creates an empty chunk whose buffer starts at about <paramref name="expectedBytes"/> (plus room
    /// for one more sample), e.g. the size of the series' previous chunk: a chunk that needs no
    /// growing allocates once instead of five or six times.
    /// </summary>
    public HeadChunk(int expectedBytes)
        : this(expectedBytes, 0)
    {
    }

    /// <summary>
    /// Creates an empty chunk sized as <see cref="HeadChunk(int)"/> whose decimal exponent, if its
    /// first value is a short decimal, starts from <paramref name="exponentHint"/> (the series'
    /// previous chunk's <see cref="DecimalExponent"/>), so a series keeps one exponent instead of
    /// cutting a chunk whenever a value happens to have fewer digits.
    /// </summary>
    public HeadChunk(int expectedBytes, int exponentHint)
        : this(expectedBytes, exponentHint, decimalValues: true)
    {
    }

    /// <summary>With <paramref name="decimalValues"/> false, plain values always use XOR (for comparisons in tests and benchmarks).</summary>
    internal HeadChunk(int expectedBytes, int exponentHint, bool decimalValues)
    {
        _exponentHint = exponentHint;
        _decimalValues = decimalValues;
        _buffer = new byte[Math.Clamp(expectedBytes + MaxSampleBytes, 128, SoftMaxBytes + MaxSampleBytes)];
    }

    /// <summary>The decimal exponent of a <see cref="ChunkKind.Decimal"/> chunk; -1 for other kinds.</summary>
    public int DecimalExponent => _kind == ChunkKind.Decimal ? _exponent : -1;

    /// <summary>Samples appended so far.</summary>
    public int Count => _count;

    /// <summary>The first timestamp (undefined while empty).</summary>
    public long MinTime => _minTime;

    /// <summary>The last timestamp (undefined while empty).</summary>
    public long MaxTime => _maxTime;

    /// <summary>The chunk kind, fixed by the first sample (Plain while empty).</summary>
    public ChunkKind Kind => _kind == 0 ? ChunkKind.Plain : _kind;

    /// <summary>True once no more samples fit (or the chunk was sealed).</summary>
    public bool IsFull => _sealed || _count >= MaxSamples || ByteLength >= SoftMaxBytes;

    /// <summary>Length of the encoded form in bytes.</summary>
    public int ByteLength => (_bitPos + 7) >> 3;

    /// <summary>The encoded chunk (header included); valid until the next append.</summary>
    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, ByteLength);

    /// <summary>
    /// Appends a sample when its timestamp is not before the last one, the chunk is not full,
    /// and (for a Plain chunk) the sample is plain. Returns false otherwise; the caller then
    /// cuts a new chunk or uses its out-of-order buffer.
    /// </summary>
    public bool TryAppend(in Sample s)
    {
        bool plain = SampleBits.IsExactlyPlain(s);
        long mantissa = 0;
        if (_count == 0)
        {
            if (_sealed)
            {
                return false;
            }

            if (plain && _decimalValues && DecimalValueCodec.TryChoose(s.Sum, _exponentHint, out var exponent, out mantissa))
            {
                _kind = ChunkKind.Decimal;
                _exponent = exponent;
            }
            else
            {
                _kind = plain ? ChunkKind.Plain : ChunkKind.Stat;
            }

            _buffer[0] = (byte)_kind;
            _minTime = s.TimestampMs;
            EnsureCapacity();
            BitWriter.Write(_buffer, ref _bitPos, (ulong)s.TimestampMs, 64);
            if (_kind == ChunkKind.Decimal)
            {
                BitWriter.Write(_buffer, ref _bitPos, (ulong)_exponent, 8);
                BitWriter.Write(_buffer, ref _bitPos, (ulong)mantissa, 64);
                _mantissa = mantissa;
            }
        }
        else
        {
            if (s.TimestampMs < _maxTime || IsFull || (!plain && _kind != ChunkKind.Stat))
            {
                return false;
            }

            // A value with more digits than the chunk's exponent starts a new chunk.
            if (_kind == ChunkKind.Decimal && !DecimalValueCodec.TryMantissa(s.Sum, _exponent, out mantissa))
            {
                return false;
            }

            EnsureCapacity();
            long delta = s.TimestampMs - _maxTime;
            TimestampCodec.WriteDod(_buffer, ref _bitPos, delta - _prevDelta);
            _prevDelta = delta;
            if (_kind == ChunkKind.Decimal)
            {
                DecimalValueCodec.WriteDelta(_buffer, ref _bitPos, mantissa - _mantissa);
                _mantissa = mantissa;
            }
        }

        _maxTime = s.TimestampMs;
        if (_kind == ChunkKind.Plain)
        {
            _sum.Write(_buffer, ref _bitPos, (ulong)BitConverter.DoubleToInt64Bits(s.Sum));
        }
        else if (_kind == ChunkKind.Stat)
        {
            BitWriter.WriteBit(_buffer, ref _bitPos, !plain);
            _sum.Write(_buffer, ref _bitPos, (ulong)BitConverter.DoubleToInt64Bits(s.Sum));
            if (!plain)
            {
                _cnt.Write(_buffer, ref _bitPos, (ulong)BitConverter.DoubleToInt64Bits(s.Count));
                _min.Write(_buffer, ref _bitPos, (ulong)BitConverter.DoubleToInt64Bits(s.Min));
                _max.Write(_buffer, ref _bitPos, (ulong)BitConverter.DoubleToInt64Bits(s.Max));
            }
        }

        _count++;
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(1, 2), (ushort)_count);
        return true;
    }

    /// <summary>
    /// A length-bounded view of the current state. Take it under the writer's lock; decoding
    /// it afterwards is safe while appends continue (see the type remarks).
    /// </summary>
    public HeadChunkSnapshot Snapshot() => new(_buffer, ByteLength, _count, Kind, _minTime, _maxTime);

    /// <summary>
    /// Marks the chunk full and returns its encoded form: the buffer itself when little of it is
    /// unused (readers go by the sample count in the header, so trailing bytes are ignored),
    /// otherwise an exact-size copy.
    /// </summary>
    public byte[] Seal()
    {
        _sealed = true;
        return _buffer.Length - ByteLength <= MaxSampleBytes ? _buffer : Bytes.ToArray();
    }

    /// <summary>Starts iterating an encoded chunk.</summary>
    public static ChunkIterator Iterate(ReadOnlySpan<byte> chunk)
    {
        var (count, kind) = ReadHeader(chunk);
        return new ChunkIterator(chunk, count, kind);
    }

    /// <summary>Number of samples in an encoded chunk.</summary>
    public static int GetCount(ReadOnlySpan<byte> chunk) => ReadHeader(chunk).Count;

    /// <summary>Decodes every sample of an encoded chunk into <paramref name="dest"/>; returns the count.</summary>
    public static int DecodeAll(ReadOnlySpan<byte> chunk, Span<Sample> dest)
    {
        var (count, kind) = ReadHeader(chunk);
        return new ChunkIterator(chunk, count, kind).DecodeAll(dest);
    }

    private static (int Count, ChunkKind Kind) ReadHeader(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length < HeaderSize)
        {
            throw new InvalidDataException($"Chunk is {chunk.Length} bytes; the header alone is {HeaderSize}.");
        }

        int count = BinaryPrimitives.ReadUInt16LittleEndian(chunk.Slice(1, 2));
        var kind = (ChunkKind)chunk[0];
        if (count > 0 && kind != ChunkKind.Plain && kind != ChunkKind.Stat && kind != ChunkKind.Decimal)
        {
            throw new InvalidDataException($"Chunk kind byte {chunk[0]} is not Plain (1), Stat (2) or Decimal (3).");
        }

        return (count, kind);
    }

    private void EnsureCapacity()
    {
        int need = (_bitPos >> 3) + MaxSampleBytes;
        if (need > _buffer.Length)
        {
            // A fresh array (zeroed past the copy) keeps earlier snapshots' arrays untouched.
            // Growing by half, not doubling: the open chunk is the one buffer per series with
            // slack (sealed chunks are exact-size), and with 100k series that slack is most of
            // the head's memory; the extra copies are a few hundred bytes per chunk.
            var grown = new byte[Math.Max(need, Math.Min(_buffer.Length + (_buffer.Length >> 1), SoftMaxBytes + MaxSampleBytes))];
            _buffer.AsSpan(0, ByteLength).CopyTo(grown);
            _buffer = grown;
        }
    }
}
