using System.Runtime.CompilerServices;

namespace Crema.Storage.Encoding;

/// <summary>A growable byte buffer with LEB128 varints, for building block columns.</summary>
internal sealed class ByteWriter(int capacity)
{
    private byte[] _buffer = new byte[Math.Max(capacity, 16)];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, Length);

    public void WriteByte(byte b)
    {
        Ensure(1);
        _buffer[Length++] = b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarUInt64(ulong v)
    {
        Ensure(10);
        byte[] buffer = _buffer;
        int i = Length;
        while (v >= 0x80)
        {
            buffer[i++] = (byte)(v | 0x80);
            v >>= 7;
        }

        buffer[i++] = (byte)v;
        Length = i;
    }

    /// <summary>Zigzag + LEB128.</summary>
    public void WriteVarInt64(long v) => WriteVarUInt64((ulong)((v << 1) ^ (v >> 63)));

    public void WriteDouble(double v)
    {
        Ensure(8);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(Length), BitConverter.DoubleToUInt64Bits(v));
        Length += 8;
    }

    public void WriteUInt32(uint v)
    {
        Ensure(4);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(Length), v);
        Length += 4;
    }

    /// <summary>LEB128 byte count, then UTF-8.</summary>
    public void WriteString(string s)
    {
        var n = System.Text.Encoding.UTF8.GetByteCount(s);
        WriteVarUInt64((ulong)n);
        Ensure(n);
        System.Text.Encoding.UTF8.GetBytes(s, _buffer.AsSpan(Length));
        Length += n;
    }

    public void Clear() => Length = 0;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>
    /// Reserves <paramref name="bytes"/> zeroed bytes (plus <see cref="BitWriter.Slack"/>) for
    /// bit-level writing; returns the buffer and the start offset. Call <see cref="Advance"/> after.
    /// </summary>
    public byte[] ReserveZeroed(int bytes, out int start)
    {
        Ensure(bytes + BitWriter.Slack);
        _buffer.AsSpan(Length, bytes + BitWriter.Slack).Clear();
        start = Length;
        return _buffer;
    }

    public void Advance(int bytes) => Length += bytes;

    public static int VarIntSize(ulong v) => v < 0x80 ? 1 : (70 - System.Numerics.BitOperations.LeadingZeroCount(v)) / 7;

    private void Ensure(int extra)
    {
        if (Length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + extra));
        }
    }
}
