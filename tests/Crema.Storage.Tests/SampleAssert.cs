using Crema.Core.Metrics;

namespace Crema.Storage.Tests;

/// <summary>Bit-exact sample comparison (NaN payloads and -0.0 included).</summary>
internal static class SampleAssert
{
    public static void BitEqual(Sample expected, Sample actual, int index)
    {
        if (expected.TimestampMs != actual.TimestampMs
            || Bits(expected.Sum) != Bits(actual.Sum)
            || Bits(expected.Count) != Bits(actual.Count)
            || Bits(expected.Min) != Bits(actual.Min)
            || Bits(expected.Max) != Bits(actual.Max))
        {
            Assert.Fail($"Sample {index}: expected {Describe(expected)}, got {Describe(actual)}");
        }
    }

    public static void BitEqual(ReadOnlySpan<Sample> expected, ReadOnlySpan<Sample> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            BitEqual(expected[i], actual[i], i);
        }
    }

    private static long Bits(double d) => BitConverter.DoubleToInt64Bits(d);

    private static string Describe(Sample s) =>
        $"t={s.TimestampMs} sum={Bits(s.Sum):X16} count={Bits(s.Count):X16} min={Bits(s.Min):X16} max={Bits(s.Max):X16}";
}
