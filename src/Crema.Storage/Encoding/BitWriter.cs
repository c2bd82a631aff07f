using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Crema.Storage.Encoding;

/// <summary>
/// Appends big-endian bit fields to a zero-initialised byte buffer. Bits are OR-ed in with one
/// unaligned 64-bit read-modify-write, so the buffer always holds the exact encoded form
/// (no pending accumulator to flush) and bytes before the write position never change their
/// already-written bits — which is what lets readers decode a snapshot while appends continue.
/// </summary>
internal static class BitWriter
{
    /// <summary>Bytes a caller must keep free past the current byte for one 64-bit store.</summary>
    public const int Slack = 8;

    /// <summary>
    /// Writes the low <paramref name="n"/> bits (0..64) of <paramref name="value"/> at
    /// <paramref name="bitPos"/>. The buffer must be zero past bitPos and have
    /// <see cref="Slack"/> bytes beyond the byte holding bitPos + n.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(byte[] buffer, ref int bitPos, ulong value, int n)
    {
        int off = bitPos & 7;
        if (off + n <= 64)
        {
            if (n == 0)
            {
                return;
            }

            ref byte at = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(buffer), bitPos >> 3);
            ulong word = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(ref at));
            word |= value << (64 - off - n);
            Unsafe.WriteUnaligned(ref at, BinaryPrimitives.ReverseEndianness(word));
            bitPos += n;
            return;
        }

        // Only a field longer than 57 bits at an odd offset needs two stores.
        Write(buffer, ref bitPos, value >> 32, n - 32);
        Write(buffer, ref bitPos, value & 0xFFFF_FFFFUL, 32);
    }

    /// <summary>Writes one bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteBit(byte[] buffer, ref int bitPos, bool bit)
    {
        if (bit)
        {
            buffer[bitPos >> 3] |= (byte)(0x80 >> (bitPos & 7));
        }

        bitPos++;
    }
}
