namespace Crema.Core.Metrics;

/// <summary>Prometheus' staleness marker: a NaN with a fixed bit pattern that ends a series for queries.</summary>
public static class StaleMarker
{
    public const ulong Bits = 0x7ff0000000000002UL;

    public static double Value => BitConverter.UInt64BitsToDouble(Bits);

    public static bool Is(double v) => BitConverter.DoubleToUInt64Bits(v) == Bits;
}
