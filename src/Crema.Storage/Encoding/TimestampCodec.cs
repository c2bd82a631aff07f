using System.Runtime.CompilerServices;

namespace Crema.Storage.Encoding;

/// <summary>
/// Gorilla delta-of-delta timestamp buckets: '0' (dod 0), '10'+14 bits, '110'+17 bits,
/// '1110'+20 bits, '1111'+64 bits; fields are two's complement.
/// </summary>
internal static class TimestampCodec
{
    /// <summary>Most bits one timestamp can take.</summary>
    public const int MaxBits = 68;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteDod(byte[] buffer, ref int bitPos, long dod)
    {
        if (dod == 0)
        {
            bitPos++;
        }
        else if (dod >= -(1L << 13) && dod < (1L << 13))
        {
            BitWriter.Write(buffer, ref bitPos, (0b10UL << 14) | ((ulong)dod & 0x3FFF), 16);
        }
        else if (dod >= -(1L << 16) && dod < (1L << 16))
        {
            BitWriter.Write(buffer, ref bitPos, (0b110UL << 17) | ((ulong)dod & 0x1FFFF), 20);
        }
        else if (dod >= -(1L << 19) && dod < (1L << 19))
        {
            BitWriter.Write(buffer, ref bitPos, (0b1110UL << 20) | ((ulong)dod & 0xFFFFF), 24);
        }
        else
        {
            BitWriter.Write(buffer, ref bitPos, 0b1111, 4);
            BitWriter.Write(buffer, ref bitPos, (ulong)dod, 64);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ReadDod(ref BitReader reader)
    {
        ulong peek = reader.Peek();
        if ((peek & (1UL << 63)) == 0)
        {
            reader.Skip(1);
            return 0;
        }

        if ((peek & (1UL << 62)) == 0)
        {
            reader.Skip(16);
            return (long)(peek << 2) >> 50;
        }

        if ((peek & (1UL << 61)) == 0)
        {
            reader.Skip(20);
            return (long)(peek << 3) >> 47;
        }

        if ((peek & (1UL << 60)) == 0)
        {
            reader.Skip(24);
            return (long)(peek << 4) >> 44;
        }

        reader.Skip(4);
        return (long)reader.Read(64);
    }
}
