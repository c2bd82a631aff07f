using System.Runtime.CompilerServices;

namespace Crema.Storage.Encoding;

/// <summary>
/// Values that are decimals with few digits (business figures: 145.93 s, 12.5 l, 48 cups) as
/// integer mantissas m with a chunk-wide exponent e, value = m / 10^e, bit-exact: a value is
/// taken only when that division gives back its very bits, so -0.0, NaN, ±Inf and values like
/// 1/3 stay with the XOR codec. Successive mantissas are stored as deltas in prefix-coded
/// buckets: '0' (no change), '10'+8 bits, '110'+13, '1110'+20, '11110'+32, '11111'+64, two's
/// complement — about 2 bytes a sample where XOR needs 5 to 7 for such values.
/// </summary>
internal static class DecimalValueCodec
{
    /// <summary>The most decimal digits a chunk's exponent allows.</summary>
    public const int MaxExponent = 9;

    /// <summary>Most bits one delta can take.</summary>
    public const int MaxBits = 69;

    private const double MaxExactMantissa = 9007199254740992d; // 2^53

    private static readonly double[] Pow10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

    /// <summary>The mantissa of <paramref name="value"/> at exponent <paramref name="exponent"/>, when it gives back the value exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryMantissa(double value, int exponent, out long mantissa)
    {
        var scaled = value * Pow10[exponent];
        if (!(Math.Abs(scaled) < MaxExactMantissa))
        {
            mantissa = 0;
            return false;
        }

        mantissa = (long)Math.Round(scaled);
        return BitConverter.DoubleToInt64Bits(mantissa / Pow10[exponent]) == BitConverter.DoubleToInt64Bits(value);
    }

    /// <summary>The value a mantissa stands for at an exponent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Value(long mantissa, int exponent) => mantissa / Pow10[exponent];

    /// <summary>
    /// Picks a chunk's exponent for its first value: the series' previous exponent
    /// (<paramref name="hint"/>) when the value fits it, else the fewest digits that hold the value.
    /// False when no exponent up to <see cref="MaxExponent"/> holds it exactly.
    /// </summary>
    public static bool TryChoose(double value, int hint, out int exponent, out long mantissa)
    {
        // From the hint up first; below it only for values too large for the hint's digits.
        var start = Math.Clamp(hint, 0, MaxExponent);
        for (var k = 0; k <= MaxExponent; k++)
        {
            var e = (start + k) % (MaxExponent + 1);
            if (TryMantissa(value, e, out mantissa))
            {
                exponent = e;
                return true;
            }
        }

        exponent = -1;
        mantissa = 0;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteDelta(byte[] buffer, ref int bitPos, long delta)
    {
        if (delta == 0)
        {
            bitPos++;
        }
        else if (delta >= -(1L << 7) && delta < (1L << 7))
        {
            BitWriter.Write(buffer, ref bitPos, (0b10UL << 8) | ((ulong)delta & 0xFF), 10);
        }
        else if (delta >= -(1L << 12) && delta < (1L << 12))
        {
            BitWriter.Write(buffer, ref bitPos, (0b110UL << 13) | ((ulong)delta & 0x1FFF), 16);
        }
        else if (delta >= -(1L << 19) && delta < (1L << 19))
        {
            BitWriter.Write(buffer, ref bitPos, (0b1110UL << 20) | ((ulong)delta & 0xFFFFF), 24);
        }
        else if (delta >= -(1L << 31) && delta < (1L << 31))
        {
            BitWriter.Write(buffer, ref bitPos, (0b11110UL << 32) | ((ulong)delta & 0xFFFFFFFF), 37);
        }
        else
        {
            BitWriter.Write(buffer, ref bitPos, 0b11111, 5);
            BitWriter.Write(buffer, ref bitPos, (ulong)delta, 64);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ReadDelta(ref BitReader reader)
    {
        ulong peek = reader.Peek();
        if ((peek & (1UL << 63)) == 0)
        {
            reader.Skip(1);
            return 0;
        }

        if ((peek & (1UL << 62)) == 0)
        {
            reader.Skip(10);
            return (long)(peek << 2) >> 56;
        }

        if ((peek & (1UL << 61)) == 0)
        {
            reader.Skip(16);
            return (long)(peek << 3) >> 51;
        }

        if ((peek & (1UL << 60)) == 0)
        {
            reader.Skip(24);
            return (long)(peek << 4) >> 44;
        }

        if ((peek & (1UL << 59)) == 0)
        {
            reader.Skip(37);
            return (long)(peek << 5) >> 32;
        }

        reader.Skip(5);
        return (long)reader.Read(64);
    }
}
