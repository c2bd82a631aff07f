using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;

namespace Crema.Core.Statistics;

// The byte layout is written down in docs/formats/sketch.md; keep the two in step.
public sealed partial class QuantileSketch
{
    /// <summary>The format version written as the first byte.</summary>
    public const byte FormatVersion = 1;

    private const byte FlagZero = 1;
    private const byte FlagNegative = 2;
    private const byte FlagPositive = 4;
    private const byte FlagFractional = 8;
    private const int MaxKeyMagnitude = 100_000;      // |⌈log_γ x⌉| < 75 000 for every finite double
    private const double MaxIntegralCount = 9007199254740992;   // 2^53: larger counts are written as doubles

    /// <summary>Bytes <see cref="WriteTo"/> will write.</summary>
    public int SerializedSize
    {
        get
        {
            var sink = new Sink(default, measure: true);
            Encode(ref sink);
            return sink.Length;
        }
    }

    /// <summary>Writes the sketch in the compact versioned format of docs/formats/sketch.md.</summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var size = SerializedSize;
        var sink = new Sink(writer.GetSpan(size), measure: false);
        Encode(ref sink);
        writer.Advance(size);
    }

    /// <summary>
    /// Reads a sketch written by <see cref="WriteTo"/> from the start of <paramref name="source"/>.
    /// False (never an exception) on truncated, unknown-version or inconsistent input.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out QuantileSketch? sketch, out int bytesRead)
    {
        sketch = null;
        bytesRead = 0;
        if (source.Length < 2 || source[0] != FormatVersion) return false;
        var flags = source[1];
        var pos = 2;
        var result = new QuantileSketch();
        var stores = flags & (FlagZero | FlagNegative | FlagPositive);
        if (stores == 0)
        {
            if (flags != 0) return false;
            sketch = result;
            bytesRead = pos;
            return true;
        }
        var fractional = (flags & FlagFractional) != 0;
        var xorLength = flags >> 4;
        if (xorLength > 8 || source.Length - pos < 8 + xorLength) return false;
        var min = BinaryPrimitives.ReadDoubleLittleEndian(source.Slice(pos, 8));
        pos += 8;
        ulong xor = 0;
        for (var i = 0; i < xorLength; i++) xor |= (ulong)source[pos + i] << (8 * i);
        pos += xorLength;
        var max = BitConverter.UInt64BitsToDouble(BitConverter.DoubleToUInt64Bits(min) ^ xor);
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(min <= max)) return false;
        var hasZero = (flags & FlagZero) != 0;
        var hasNegative = (flags & FlagNegative) != 0;
        var hasPositive = (flags & FlagPositive) != 0;
        if ((min < 0) != hasNegative || (max > 0) != hasPositive) return false;
        if (hasZero ? !(min <= 0 && max >= 0) : (min == 0 || max == 0)) return false;

        double total = 0;
        if (fractional && !TryReadCount(source, ref pos, true, out total)) return false;
        double sum = 0;
        if (hasZero)
        {
            if (!TryReadCount(source, ref pos, fractional, out result._zeroCount)) return false;
            sum += result._zeroCount;
        }
        if (hasNegative && !TryReadStore(source, ref pos, fractional, ref result._negative, ref sum)) return false;
        if (hasPositive && !TryReadStore(source, ref pos, fractional, ref result._positive, ref sum)) return false;
        result._count = fractional ? total : sum;
        result._min = min;
        result._max = max;
        sketch = result;
        bytesRead = pos;
        return true;
    }

    private void Encode(ref Sink sink)
    {
        sink.Byte(FormatVersion);
        if (IsEmpty)
        {
            sink.Byte(0);
            return;
        }
        var fractional = !IsIntegral(_zeroCount) || !AllIntegral(_negative.Counts) || !AllIntegral(_positive.Counts);
        var xor = BitConverter.DoubleToUInt64Bits(_min) ^ BitConverter.DoubleToUInt64Bits(_max);
        var xorLength = (64 - BitOperations.LeadingZeroCount(xor) + 7) / 8;
        var flags = (byte)(xorLength << 4);
        if (_zeroCount > 0) flags |= FlagZero;
        if (!_negative.IsEmpty) flags |= FlagNegative;
        if (!_positive.IsEmpty) flags |= FlagPositive;
        if (fractional) flags |= FlagFractional;
        sink.Byte(flags);
        sink.Double(_min);
        for (var i = 0; i < xorLength; i++) sink.Byte((byte)(xor >> (8 * i)));
        if (fractional) sink.Double(_count);
        if (_zeroCount > 0) WriteCount(ref sink, _zeroCount, fractional);
        if (!_negative.IsEmpty) WriteStore(ref sink, _negative, fractional);
        if (!_positive.IsEmpty) WriteStore(ref sink, _positive, fractional);
    }

    // A store: zigzag key of its first bucket, the number of buckets it spans, then alternating
    // runs of non-empty buckets (length, counts) and gaps of empty ones (length), starting and
    // ending with a run.
    private static void WriteStore(ref Sink sink, in SketchBucketStore store, bool fractional)
    {
        var counts = store.Counts;
        var first = 0;
        var last = counts.Length - 1;
        while (counts[first] == 0) first++;   // the store keeps its end buckets non-empty; be safe anyway
        while (counts[last] == 0) last--;
        sink.Varint(ZigZag(store.MinKey + first));
        sink.Varint((ulong)(last - first + 1));
        var i = first;
        while (i <= last)
        {
            var runEnd = i;
            while (runEnd <= last && counts[runEnd] != 0) runEnd++;
            sink.Varint((ulong)(runEnd - i));
            for (; i < runEnd; i++) WriteCount(ref sink, counts[i], fractional);
            if (i > last) break;
            var gapEnd = i;
            while (counts[gapEnd] == 0) gapEnd++;
            sink.Varint((ulong)(gapEnd - i));
            i = gapEnd;
        }
    }

    private static bool TryReadStore(ReadOnlySpan<byte> source, ref int pos, bool fractional, ref SketchBucketStore store, ref double sum)
    {
        if (!TryReadVarint(source, ref pos, out var zigzag) || zigzag > 2 * MaxKeyMagnitude) return false;
        var minKey = UnZigZag(zigzag);
        if (!TryReadVarint(source, ref pos, out var span) || span == 0 || span > SketchBucketStore.MaxBuckets) return false;
        if (minKey + (long)span - 1 > MaxKeyMagnitude) return false;
        var counts = new double[(int)span];
        var i = 0;
        while (true)
        {
            if (!TryReadVarint(source, ref pos, out var run) || run == 0 || run > (ulong)(counts.Length - i)) return false;
            for (var end = i + (int)run; i < end; i++)
            {
                if (!TryReadCount(source, ref pos, fractional, out counts[i])) return false;
                sum += counts[i];
            }
            if (i == counts.Length) break;
            if (!TryReadVarint(source, ref pos, out var gap) || gap == 0 || gap >= (ulong)(counts.Length - i)) return false;
            i += (int)gap;
        }
        store.Load(minKey, counts);
        return true;
    }

    private static void WriteCount(ref Sink sink, double count, bool fractional)
    {
        if (fractional) sink.Double(count);
        else sink.Varint((ulong)count);
    }

    private static bool TryReadCount(ReadOnlySpan<byte> source, ref int pos, bool fractional, out double count)
    {
        if (fractional)
        {
            if (source.Length - pos < 8)
            {
                count = 0;
                return false;
            }
            count = BinaryPrimitives.ReadDoubleLittleEndian(source.Slice(pos, 8));
            pos += 8;
            return count > 0 && double.IsFinite(count);
        }
        var ok = TryReadVarint(source, ref pos, out var n);
        count = n;
        return ok && n > 0 && n <= (ulong)MaxIntegralCount;
    }

    private static bool IsIntegral(double count) => count == Math.Floor(count) && count <= MaxIntegralCount;

    private static bool AllIntegral(ReadOnlySpan<double> counts)
    {
        foreach (var c in counts)
        {
            if (!IsIntegral(c)) return false;
        }
        return true;
    }

    private static ulong ZigZag(int value) => (ulong)(uint)((value << 1) ^ (value >> 31));

    private static int UnZigZag(ulong value) => (int)((uint)value >> 1) ^ -(int)((uint)value & 1);

    private static bool TryReadVarint(ReadOnlySpan<byte> source, ref int pos, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (pos >= source.Length) return false;
            var b = source[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return shift < 63 || b <= 1;
        }
        return false;
    }

    /// <summary>Writes into a span, or only counts bytes, so size and encoding share one code path.</summary>
    private ref struct Sink(Span<byte> destination, bool measure)
    {
        private readonly Span<byte> _destination = destination;
        private readonly bool _measure = measure;

        public int Length { get; private set; }

        public void Byte(byte value)
        {
            if (!_measure) _destination[Length] = value;
            Length++;
        }

        public void Varint(ulong value)
        {
            while (value >= 0x80)
            {
                Byte((byte)(value | 0x80));
                value >>= 7;
            }
            Byte((byte)value);
        }

        public void Double(double value)
        {
            if (!_measure) BinaryPrimitives.WriteDoubleLittleEndian(_destination.Slice(Length, 8), value);
            Length += 8;
        }
    }
}
