using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Crema.Server.RemoteWrite;

/// <summary>
/// A minimal protobuf writer for the encoder. Nested messages are written by reserving
/// room for the length, writing the body, then moving the body if the length needed
/// fewer bytes than reserved — simple, and fast enough for tests and load generators.
/// </summary>
internal sealed class ProtoWriter
{
    private const int LengthReserve = 5;   // a length below 2^35 fits in 5 varint bytes

    private byte[] _bytes = new byte[1024];
    private int _length;

    public ReadOnlySpan<byte> WrittenSpan => _bytes.AsSpan(0, _length);

    public void WriteTag(int field, ProtoWireType wireType) => WriteVarint(((ulong)field << 3) | (uint)wireType);

    public void WriteVarint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _bytes[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _bytes[_length++] = (byte)value;
    }

    public void WriteFixed64(ulong value)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_bytes.AsSpan(_length), value);
        _length += 8;
    }

    public void WriteString(int field, string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteTag(field, ProtoWireType.LengthDelimited);
        WriteVarint((ulong)count);
        Ensure(count);
        _length += Encoding.UTF8.GetBytes(value, _bytes.AsSpan(_length));
    }

    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, ProtoWireType.LengthDelimited);
        WriteVarint((ulong)value.Length);
        WriteRaw(value);
    }

    public void WriteRaw(ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(_bytes.AsSpan(_length));
        _length += value.Length;
    }

    /// <summary>Starts a nested message; pass the result to <see cref="EndMessage"/>.</summary>
    public int BeginMessage(int field)
    {
        WriteTag(field, ProtoWireType.LengthDelimited);
        Ensure(LengthReserve);
        _length += LengthReserve;
        return _length;
    }

    public void EndMessage(int bodyStart)
    {
        var bodyLength = _length - bodyStart;
        Span<byte> varint = stackalloc byte[LengthReserve];
        var n = 0;
        var v = (uint)bodyLength;
        while (v >= 0x80)
        {
            varint[n++] = (byte)(v | 0x80);
            v >>= 7;
        }

        varint[n++] = (byte)v;
        var lengthStart = bodyStart - LengthReserve;
        if (n != LengthReserve)
        {
            Array.Copy(_bytes, bodyStart, _bytes, lengthStart + n, bodyLength);
            _length -= LengthReserve - n;
        }

        varint[..n].CopyTo(_bytes.AsSpan(lengthStart));
    }

    private void Ensure(int more)
    {
        if (_bytes.Length - _length < more)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + more));
        }
    }
}
