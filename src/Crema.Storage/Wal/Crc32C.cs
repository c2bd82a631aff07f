using System.Buffers.Binary;
using System.Numerics;

namespace Crema.Storage.Wal;

/// <summary>CRC-32C (Castagnoli), using the CPU's CRC32 instructions when present.</summary>
internal static class Crc32C
{
    /// <summary>The standard CRC-32C of <paramref name="data"/> (init and final XOR 0xFFFFFFFF).</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFF_FFFFu;
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(i)));
        }

        for (; i < data.Length; i++)
        {
            crc = BitOperations.Crc32C(crc, data[i]);
        }

        return ~crc;
    }
}
