using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Crema.Storage.Encoding;

/// <summary>Reads big-endian bit fields written by <see cref="BitWriter"/>; bits past the end read as zero.</summary>
internal ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    public BitReader(ReadOnlySpan<byte> data, int bitPos)
    {
        _data = data;
        _pos = bitPos;
    }

    /// <summary>Current bit position.</summary>
    public readonly int Position => _pos;

    /// <summary>True when more bits were consumed than the data holds (truncated or corrupt input).</summary>
    public readonly bool Overrun => _pos > _data.Length * 8;

    /// <summary>The next 64 bits starting at the position, left-aligned; at least 57 are real data bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ulong Peek()
    {
        int i = _pos >> 3;
        ulong word;
        if (i + 8 <= _data.Length)
        {
            word = BinaryPrimitives.ReverseEndianness(
                Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref MemoryMarshal.GetReference(_data), i)));
        }
        else
        {
            word = PeekTail(i);
        }

        return word << (_pos & 7);
    }

    private readonly ulong PeekTail(int i)
    {
        ulong word = 0;
        for (int k = 0; k < 8; k++)
        {
            word <<= 8;
            if (i + k < _data.Length)
            {
                word |= _data[i + k];
            }
        }

        return word;
    }

    /// <summary>Advances the position by <paramref name="n"/> bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Skip(int n) => _pos += n;

    /// <summary>Reads <paramref name="n"/> bits (0..64) as an unsigned value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Read(int n)
    {
        if (n <= 56)
        {
            if (n == 0)
            {
                return 0;
            }

            ulong v = Peek() >> (64 - n);
            _pos += n;
            return v;
        }

        ulong hi = Read(n - 32);
        return (hi << 32) | Read(32);
    }

    /// <summary>Reads one bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool ReadBit()
    {
        int i = _pos >> 3;
        bool bit = i < _data.Length && (_data[i] & (0x80 >> (_pos & 7))) != 0;
        _pos++;
        return bit;
    }
}
