using System.Buffers;
using System.Buffers.Binary;

namespace Crema.Storage.Encoding;

/// <summary>
/// Encodes a column of doubles bit-exactly: as decimal mantissas m·10^-e (an integer column)
/// when a common exponent fits nearly every value — the rest (NaN, ±Inf, -0.0, odd values)
/// stored as exceptions with raw bits — else as a Gorilla XOR bit stream.
/// Layout: docs/formats/block-series.md.
/// </summary>
internal static class DoubleColumnCodec
{
    private const byte DecimalMode = 0;
    private const byte XorMode = 1;
    private const int MaxDecimals = 12;
    private const int MaxNegativeExponent = 9;
    private const double MantissaLimit = 9007199254740992.0; // 2^53: every integer below is exact

    private static readonly double[] Pow10 = BuildPow10();

    private static double[] BuildPow10()
    {
        var p = new double[19];
        p[0] = 1;
        for (int i = 1; i < p.Length; i++)
        {
            p[i] = p[i - 1] * 10; // exact up to 1e22
        }

        return p;
    }

    public static void Encode(ReadOnlySpan<double> values, ByteWriter w)
    {
        int n = values.Length;
        long[] mantissas = ArrayPool<long>.Shared.Rent(n);
        try
        {
            // Exceptions cost ~10 bytes each; beyond 1 in 32 values the XOR form is likely smaller.
            int maxExceptions = n / 32;
            for (int e = 0; e <= MaxDecimals; e++)
            {
                int exceptions = CountMisfits(values, e, maxExceptions + 1);
                if (exceptions <= maxExceptions)
                {
                    WriteDecimal(values, e, mantissas.AsSpan(0, n), w);
                    return;
                }
            }

            WriteXor(values, w);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(mantissas);
        }
    }

    public static void Decode(ref ByteReader r, Span<double> dest, Span<long> scratch)
    {
        byte mode = r.ReadByte();
        if (mode == XorMode)
        {
            int length = checked((int)r.ReadVarUInt64());
            var bits = new BitReader(r.ReadSpan(length), 0);
            var state = XorState.Initial;
            for (int i = 0; i < dest.Length; i++)
            {
                dest[i] = BitConverter.Int64BitsToDouble((long)state.Read(ref bits));
            }

            if (bits.Overrun)
            {
                throw new InvalidDataException("XOR column ends early.");
            }

            return;
        }

        if (mode != DecimalMode)
        {
            throw new InvalidDataException($"Double column mode {mode} is neither decimal (0) nor XOR (1).");
        }

        int exponent = (sbyte)r.ReadByte();
        if (exponent > MaxDecimals || exponent < -MaxNegativeExponent)
        {
            throw new InvalidDataException($"Decimal exponent {exponent} is outside -{MaxNegativeExponent}..{MaxDecimals}.");
        }

        int exceptionCount = checked((int)r.ReadVarUInt64());
        ReadOnlySpan<byte> exceptionsFrom = r.Remaining;
        int before = r.Position;
        for (int k = 0; k < exceptionCount; k++)
        {
            r.ReadVarUInt64();
            r.ReadSpan(8);
        }

        ReadOnlySpan<byte> exceptions = exceptionsFrom.Slice(0, r.Position - before);
        Span<long> m = scratch.Slice(0, dest.Length);
        IntColumnCodec.Decode(ref r, m);
        if (exponent >= 0)
        {
            double scale = Pow10[exponent];
            for (int i = 0; i < m.Length; i++)
            {
                dest[i] = m[i] / scale;
            }
        }
        else
        {
            double scale = Pow10[-exponent];
            for (int i = 0; i < m.Length; i++)
            {
                dest[i] = m[i] * scale;
            }
        }

        var er = new ByteReader(exceptions);
        int index = 0;
        for (int k = 0; k < exceptionCount; k++)
        {
            index += checked((int)er.ReadVarUInt64());
            if ((uint)index >= (uint)dest.Length)
            {
                throw new InvalidDataException($"Exception index {index} is outside the column of {dest.Length}.");
            }

            dest[index] = BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(er.ReadSpan(8)));
        }
    }

    private static bool TryMantissa(double v, int e, out long m)
    {
        if (e >= 0)
        {
            double scaled = e == 0 ? v : v * Pow10[e];
            if (!(Math.Abs(scaled) < MantissaLimit))
            {
                m = 0;
                return false; // NaN, ±Inf, or too many digits
            }

            m = (long)Math.Round(scaled);
            double back = e == 0 ? m : m / Pow10[e];
            return BitConverter.DoubleToInt64Bits(back) == BitConverter.DoubleToInt64Bits(v); // -0.0 fails here
        }

        m = 0;
        return false;
    }

    private static int CountMisfits(ReadOnlySpan<double> values, int e, int stopAt)
    {
        int misfits = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (!TryMantissa(values[i], e, out _) && ++misfits >= stopAt)
            {
                break;
            }
        }

        return misfits;
    }

    private static void WriteDecimal(ReadOnlySpan<double> values, int e, Span<long> m, ByteWriter w)
    {
        int exceptions = 0;
        long previous = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (TryMantissa(values[i], e, out long mi))
            {
                m[i] = previous = mi;
            }
            else
            {
                m[i] = previous; // keeps the delta small; the exception list restores the value
                exceptions++;
            }
        }

        // Whole numbers that are all multiples of 10^k are stored as m / 10^k.
        int shift = 0;
        if (e == 0)
        {
            for (int k = MaxNegativeExponent; k >= 1 && shift == 0; k--)
            {
                if (AllDivisible(m, (long)Pow10[k]))
                {
                    shift = k;
                }
            }

            if (shift > 0)
            {
                long divisor = (long)Pow10[shift];
                for (int i = 0; i < m.Length; i++)
                {
                    m[i] /= divisor;
                }
            }
        }

        w.WriteByte(DecimalMode);
        w.WriteByte((byte)(sbyte)(shift > 0 ? -shift : e));
        w.WriteVarUInt64((ulong)exceptions);
        int last = 0;
        Span<byte> raw = stackalloc byte[8];
        for (int i = 0; i < values.Length && exceptions > 0; i++)
        {
            if (!TryMantissa(values[i], e, out _))
            {
                w.WriteVarUInt64((ulong)(i - last));
                last = i;
                BinaryPrimitives.WriteInt64LittleEndian(raw, BitConverter.DoubleToInt64Bits(values[i]));
                w.Write(raw);
            }
        }

        IntColumnCodec.Encode(m, w);
    }

    private static bool AllDivisible(ReadOnlySpan<long> m, long divisor)
    {
        for (int i = 0; i < m.Length; i++)
        {
            if (m[i] % divisor != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static void WriteXor(ReadOnlySpan<double> values, ByteWriter w)
    {
        int maxBytes = ((values.Length * XorState.MaxBits) + 7) / 8;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(maxBytes + BitWriter.Slack);
        try
        {
            buffer.AsSpan(0, maxBytes + BitWriter.Slack).Clear();
            int bitPos = 0;
            var state = XorState.Initial;
            for (int i = 0; i < values.Length; i++)
            {
                state.Write(buffer, ref bitPos, (ulong)BitConverter.DoubleToInt64Bits(values[i]));
            }

            int length = (bitPos + 7) >> 3;
            w.WriteByte(XorMode);
            w.WriteVarUInt64((ulong)length);
            w.Write(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
