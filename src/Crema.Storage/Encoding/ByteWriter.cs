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
