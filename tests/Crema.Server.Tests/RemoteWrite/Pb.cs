using System.Text;

namespace Crema.Server.Tests.RemoteWrite;

/// <summary>Hand-assembles protobuf bytes, so tests control every byte and every offset.</summary>
internal static class Pb
{
    public static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }

    public static byte[] Tag(int field, int wireType) => Varint(((ulong)field << 3) | (uint)wireType);

    public static byte[] VarintField(int field, ulong value) => [.. Tag(field, 0), .. Varint(value)];

    public static byte[] Fixed64Field(int field, ulong value) => [.. Tag(field, 1), .. BitConverter.GetBytes(value)];

    public static byte[] Fixed32Field(int field, uint value) => [.. Tag(field, 5), .. BitConverter.GetBytes(value)];

    public static byte[] Bytes(int field, params byte[][] parts)
    {
        var body = Concat(parts);
        return [.. Tag(field, 2), .. Varint((ulong)body.Length), .. body];
    }

    public static byte[] Text(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public static byte[] Group(int field, params byte[][] parts) => [.. Tag(field, 3), .. Concat(parts), .. Tag(field, 4)];

    public static byte[] Label(string name, string value) => Bytes(1, Text(1, name), Text(2, value));

    public static byte[] Sample(double value, long timestamp) => Bytes(2, Fixed64Field(1, BitConverter.DoubleToUInt64Bits(value)), VarintField(2, (ulong)timestamp));

    public static byte[] Concat(params byte[][] parts)
    {
        var all = new List<byte>();
        foreach (var p in parts)
        {
            all.AddRange(p);
        }

        return [.. all];
    }
}
