using System.Buffers.Binary;
using System.Text;

namespace Crema.Storage.Engine;

/// <summary>Little helpers for the engine's own record and file layouts (varints, zigzag, strings).</summary>
internal static class VarInt
{
    public static void Write(ref Span<byte> dst, ref int pos, ulong v)
    {
        while (v >= 0x80)
        {
            dst[pos++] = (byte)(v | 0x80);
            v >>= 7;
        }
        dst[pos++] = (byte)v;
    }

    public static ulong Zig(long v) => (ulong)((v << 1) ^ (v >> 63));

    public static long Unzig(ulong v) => (long)(v >> 1) ^ -(long)(v & 1);

    public static bool TryRead(ReadOnlySpan<byte> src, ref int pos, out ulong value)
    {
        value = 0;
        var shift = 0;
        while (pos < src.Length && shift < 64)
        {
            var b = src[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return true;
            shift += 7;
        }
        return false;
    }

    public static ulong Read(ReadOnlySpan<byte> src, ref int pos)
        => TryRead(src, ref pos, out var v) ? v : throw new InvalidDataException($"truncated varint at byte {pos}");
}

/// <summary>A growable byte buffer for building records and file sections without per-item allocation.</summary>
internal sealed class ByteSink
{
    private byte[] _buf;

    public ByteSink(int capacity = 256) => _buf = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _buf.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => _buf.AsMemory(0, Length);

    public void Clear() => Length = 0;

    public byte[] ToArray() => _buf.AsSpan(0, Length).ToArray();

    private void Ensure(int extra)
    {
        if (Length + extra <= _buf.Length) return;
        Array.Resize(ref _buf, Math.Max(_buf.Length * 2, Length + extra));
    }

    public void Byte(byte b)
    {
        Ensure(1);
        _buf[Length++] = b;
    }

    public void UVar(ulong v)
    {
        Ensure(10);
        var span = _buf.AsSpan();
        var pos = Length;
        VarInt.Write(ref span, ref pos, v);
        Length = pos;
    }

    public void SVar(long v) => UVar(VarInt.Zig(v));

    public void F64(double v)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buf.AsSpan(Length), BitConverter.DoubleToUInt64Bits(v));
        Length += 8;
    }

    public void U32(uint v)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buf.AsSpan(Length), v);
        Length += 4;
    }

    public void I64(long v)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64LittleEndian(_buf.AsSpan(Length), v);
        Length += 8;
    }

    public void Str(string s)
    {
        var n = System.Text.Encoding.UTF8.GetByteCount(s);
        UVar((ulong)n);
        Ensure(n);
        System.Text.Encoding.UTF8.GetBytes(s, _buf.AsSpan(Length));
        Length += n;
    }

    public void Bytes(ReadOnlySpan<byte> b)
    {
        Ensure(b.Length);
        b.CopyTo(_buf.AsSpan(Length));
        Length += b.Length;
    }
}

/// <summary>A cursor over a byte span for the engine's layouts; throws InvalidDataException on truncation.</summary>
internal ref struct ByteReader
{
    private readonly ReadOnlySpan<byte> _src;

    public ByteReader(ReadOnlySpan<byte> src)
    {
        _src = src;
        Pos = 0;
    }

    public int Pos;

    public readonly bool End => Pos >= _src.Length;

    public byte Byte() => Pos < _src.Length ? _src[Pos++] : throw new InvalidDataException($"truncated at byte {Pos}");

    public ulong UVar() => VarInt.Read(_src, ref Pos);

    public long SVar() => VarInt.Unzig(UVar());

    public double F64()
    {
        if (Pos + 8 > _src.Length) throw new InvalidDataException($"truncated double at byte {Pos}");
        var v = BitConverter.UInt64BitsToDouble(BinaryPrimitives.ReadUInt64LittleEndian(_src[Pos..]));
        Pos += 8;
        return v;
    }

    public uint U32()
    {
        if (Pos + 4 > _src.Length) throw new InvalidDataException($"truncated u32 at byte {Pos}");
        var v = BinaryPrimitives.ReadUInt32LittleEndian(_src[Pos..]);
        Pos += 4;
        return v;
    }

    public long I64()
    {
        if (Pos + 8 > _src.Length) throw new InvalidDataException($"truncated i64 at byte {Pos}");
        var v = BinaryPrimitives.ReadInt64LittleEndian(_src[Pos..]);
        Pos += 8;
        return v;
    }

    public string Str()
    {
        var n = (int)UVar();
        if (n < 0 || Pos + n > _src.Length) throw new InvalidDataException($"truncated string at byte {Pos}");
        var s = System.Text.Encoding.UTF8.GetString(_src.Slice(Pos, n));
        Pos += n;
        return s;
    }

    public ReadOnlySpan<byte> Bytes(int n)
    {
        if (n < 0 || Pos + n > _src.Length) throw new InvalidDataException($"truncated bytes at byte {Pos}");
        var s = _src.Slice(Pos, n);
        Pos += n;
        return s;
    }
}
