using System.Numerics;
using System.Runtime.InteropServices;

namespace Crema.Storage.Engine;

/// <summary>CRC-32C (Castagnoli) over the hardware instruction where the CPU has one.</summary>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        var longs = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (var l in longs) crc = BitOperations.Crc32C(crc, l);
        for (var i = longs.Length * 8; i < data.Length; i++) crc = BitOperations.Crc32C(crc, data[i]);
        return ~crc;
    }
}
