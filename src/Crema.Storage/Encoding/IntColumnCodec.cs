using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Crema.Storage.Encoding;

/// <summary>
/// Encodes a column of longs as the cheapest of {frame-of-reference, delta, delta-of-delta,
/// offset from a regular grid}
/// residuals × {zigzag varints, bit-packed blocks of 128}, sizes computed exactly before
/// choosing. Layout: docs/formats/block-series.md.
/// </summary>
internal static class IntColumnCodec
{
    public const int BlockSize = 128;

    // 0 = x[i] - x[0], 1 = delta, 2 = delta-of-delta, 3 = x[i] - (x[0] + i·step): a jittered
    // scrape then costs one residual per off-grid sample instead of three delta-of-deltas.
    private const int TransformCount = 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ZigZag(long v) => (ulong)((v << 1) ^ (v >> 63));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long UnZigZag(ulong v) => (long)(v >> 1) ^ -(long)(v & 1);

    /// <summary>Zigzag residuals of a transform for indexes first..n-1, into z[first..n-1].</summary>
    private static void Residuals(ReadOnlySpan<long> x, int transform, long step, Span<ulong> z)
    {
        int n = x.Length;
        unchecked
        {
            switch (transform)
            {
                case 0:
                    for (int i = 1; i < n; i++)
                    {
                        z[i] = ZigZag(x[i] - x[0]);
                    }

                    break;
                case 1:
                    for (int i = 1; i < n; i++)
                    {
                        z[i] = ZigZag(x[i] - x[i - 1]);
                    }

                    break;
                case 2:
                    for (int i = 2; i < n; i++)
                    {
                        z[i] = ZigZag(x[i] - x[i - 1] - (x[i - 1] - x[i - 2]));
                    }

                    break;
                default:
                    long expected = x[0];
                    for (int i = 1; i < n; i++)
                    {
                        expected += step;
                        z[i] = ZigZag(x[i] - expected);
                    }

                    break;
            }
        }
    }

    /// <summary>The most frequent of the first deltas: the grid step of a regular series.</summary>
    private static long GuessStep(ReadOnlySpan<long> x)
    {
        int m = Math.Min(x.Length - 1, 32);
        long best = 0;
        int bestVotes = 0;
        for (int i = 1; i <= m; i++)
        {
            long d = unchecked(x[i] - x[i - 1]);
            int votes = 0;
            for (int j = 1; j <= m; j++)
            {
                if (unchecked(x[j] - x[j - 1]) == d)
                {
                    votes++;
                }
            }

            if (votes > bestVotes)
            {
                (best, bestVotes) = (d, votes);
            }
        }

        return best;
    }

    public static void Encode(ReadOnlySpan<long> x, ByteWriter w)
    {
        int n = x.Length;
        if (n == 0)
        {
            return;
        }

        ulong[] rented = ArrayPool<ulong>.Shared.Rent(n);
        try
        {
            EncodeWith(x, w, rented.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }
    }

    private static void EncodeWith(ReadOnlySpan<long> x, ByteWriter w, Span<ulong> z)
    {
        int n = x.Length;
        long step = GuessStep(x);

        // Exact sizes of every option: varint bytes, and per-block bit widths.
        Span<long> varBytes = stackalloc long[TransformCount];
        Span<long> packedBytes = stackalloc long[TransformCount];
        Span<ulong> blockOr = stackalloc ulong[TransformCount];
        varBytes.Clear();
        packedBytes.Clear();
        for (int t = 0; t < TransformCount; t++)
        {
            int start = FirstResidual(t, n);
            Residuals(x, t, step, z);
            blockOr.Clear();
            int inBlock = 0;
            for (int i = start; i < n; i++)
            {
                varBytes[t] += ByteWriter.VarIntSize(z[i]);
                blockOr[0] |= z[i];
                if (++inBlock == BlockSize || i == n - 1)
                {
                    int width = 64 - BitOperations.LeadingZeroCount(blockOr[0]);
                    packedBytes[t] += 1 + (((inBlock * width) + 7) >> 3);
                    blockOr[0] = 0;
                    inBlock = 0;
                }
            }

            // The delta-of-delta form stores the first delta in the header, the grid form its step.
            long headerExtra = t == 2 && n >= 2 ? ByteWriter.VarIntSize(ZigZag(unchecked(x[1] - x[0])))
                : t == 3 ? ByteWriter.VarIntSize(ZigZag(step)) : 0;
            varBytes[t] += headerExtra;
            packedBytes[t] += headerExtra;
        }

        int best = 0;
        bool packed = false;
        long bestSize = long.MaxValue;
        for (int t = 0; t < TransformCount; t++)
        {
            if (varBytes[t] < bestSize)
            {
                (best, packed, bestSize) = (t, false, varBytes[t]);
            }

            if (packedBytes[t] < bestSize)
            {
                (best, packed, bestSize) = (t, true, packedBytes[t]);
            }
        }

        w.WriteByte((byte)(best | (packed ? 0x10 : 0)));
        w.WriteVarUInt64(ZigZag(x[0]));
        if (best == 2 && n >= 2)
        {
            w.WriteVarUInt64(ZigZag(unchecked(x[1] - x[0])));
        }
        else if (best == 3)
        {
            w.WriteVarUInt64(ZigZag(step));
        }

        int first = FirstResidual(best, n);
        Residuals(x, best, step, z);
        if (!packed)
        {
            for (int i = first; i < n; i++)
            {
                w.WriteVarUInt64(z[i]);
            }

            return;
        }

        for (int blockStart = first; blockStart < n; blockStart += BlockSize)
        {
            int len = Math.Min(BlockSize, n - blockStart);
            ulong or = 0;
            for (int i = blockStart; i < blockStart + len; i++)
            {
                or |= z[i];
            }

            int width = 64 - BitOperations.LeadingZeroCount(or);
            w.WriteByte((byte)width);
            int bytes = ((len * width) + 7) >> 3;
            byte[] buffer = w.ReserveZeroed(bytes, out int start);
            int bitPos = start * 8;
            for (int i = blockStart; i < blockStart + len; i++)
            {
                BitWriter.Write(buffer, ref bitPos, z[i], width);
            }

            w.Advance(bytes);
        }
    }

    public static void Decode(ref ByteReader r, Span<long> x)
    {
        int n = x.Length;
        if (n == 0)
        {
            return;
        }

        byte mode = r.ReadByte();
        int transform = mode & 0x0F;
        bool packed = (mode & 0x10) != 0;
        if (transform >= TransformCount || (mode & 0xE0) != 0)
        {
            throw new InvalidDataException($"Integer column mode byte {mode:X2} is not a known transform/packing.");
        }

        x[0] = UnZigZag(r.ReadVarUInt64());
        int first = FirstResidual(transform, n);
        if (transform == 2 && n >= 2)
        {
            x[1] = unchecked(x[0] + UnZigZag(r.ReadVarUInt64()));
        }

        long step = transform == 3 ? UnZigZag(r.ReadVarUInt64()) : 0;

        // Residuals first, in place, then undo the transform.
        if (!packed)
        {
            for (int i = first; i < n; i++)
            {
                x[i] = UnZigZag(r.ReadVarUInt64());
            }
        }
        else
        {
            for (int blockStart = first; blockStart < n; blockStart += BlockSize)
            {
                int len = Math.Min(BlockSize, n - blockStart);
                int width = r.ReadByte();
                if (width > 64)
                {
                    throw new InvalidDataException($"Bit width {width} exceeds 64.");
                }

                var bits = new BitReader(r.ReadSpan(((len * width) + 7) >> 3), 0);
                for (int i = blockStart; i < blockStart + len; i++)
                {
                    x[i] = UnZigZag(bits.Read(width));
                }
            }
        }

        unchecked
        {
            switch (transform)
            {
                case 0:
                    for (int i = 1; i < n; i++)
                    {
                        x[i] += x[0];
                    }

                    break;
                case 1:
                    for (int i = 1; i < n; i++)
                    {
                        x[i] += x[i - 1];
                    }

                    break;
                case 2:
                    for (int i = 2; i < n; i++)
                    {
                        x[i] += (2 * x[i - 1]) - x[i - 2];
                    }

                    break;
                default:
                    for (int i = 1; i < n; i++)
                    {
                        x[i] += x[0] + (i * step);
                    }

                    break;
            }
        }
    }

    private static int FirstResidual(int transform, int n) => transform == 2 ? Math.Min(2, n) : 1;
}
