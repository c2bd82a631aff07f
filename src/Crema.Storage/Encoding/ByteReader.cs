namespace Crema.Storage.Encoding;

/// <summary>Reads what <see cref="ByteWriter"/> wrote; throws InvalidDataException on truncation.</summary>
internal ref struct ByteReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _pos;

    public readonly int Position => _pos;

    public readonly ReadOnlySpan<byte> Remaining => _data.Slice(_pos);

    public byte ReadByte()
    {
        if (_pos >= _data.Length)
        {
            throw Truncated();
        }

        return _data[_pos++];
    }

    public ulong ReadVarUInt64()
    {
        ulong v = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (_pos >= _data.Length)
            {
                throw Truncated();
            }

            byte b = _data[_pos++];
            v |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return v;
            }
        }

        throw new InvalidDataException("Varint longer than 10 bytes.");
    }

    public long ReadVarInt64()
    {
        var u = ReadVarUInt64();
        return (long)(u >> 1) ^ -(long)(u & 1);
    }

    public double ReadDouble() => BitConverter.UInt64BitsToDouble(System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(ReadSpan(8)));

    public uint ReadUInt32() => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(ReadSpan(4));

    public string ReadString()
    {
        var n = ReadVarUInt64();
        if (n > int.MaxValue) throw Truncated();
        return System.Text.Encoding.UTF8.GetString(ReadSpan((int)n));
    }

    public ReadOnlySpan<byte> ReadSpan(int length)
    {
        if (length < 0 || length > _data.Length - _pos)
        {
            throw Truncated();
        }

        ReadOnlySpan<byte> span = _data.Slice(_pos, length);
        _pos += length;
        return span;
    }

    private static InvalidDataException Truncated() => new("Block data ends early.");
}
