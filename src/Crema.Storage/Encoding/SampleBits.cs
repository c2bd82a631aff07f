using System.Runtime.CompilerServices;
using Crema.Core.Metrics;

namespace Crema.Storage.Encoding;

/// <summary>Bit-exact helpers shared by the codecs.</summary>
internal static class SampleBits
{
    /// <summary>The bit pattern of 1.0.</summary>
    public const ulong One = 0x3FF0_0000_0000_0000UL;

    /// <summary>
    /// True when the sample is plain bit for bit: Count is exactly 1.0 and Min and Max carry
    /// the same bits as Sum. Stricter than <see cref="Sample.IsPlain"/>, which treats -0.0 as
    /// 0.0 and any NaN as equal — storing those as plain would not round-trip exactly.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsExactlyPlain(in Sample s)
    {
        long sum = BitConverter.DoubleToInt64Bits(s.Sum);
        return BitConverter.DoubleToInt64Bits(s.Count) == (long)One
            && BitConverter.DoubleToInt64Bits(s.Min) == sum
            && BitConverter.DoubleToInt64Bits(s.Max) == sum;
    }
}
