using System.Numerics;
using System.Runtime.CompilerServices;

namespace Crema.Storage.Encoding;

/// <summary>
/// Gorilla XOR float compression state for one column: the previous value's bits and the
/// leading/trailing-zero window of the last explicitly written XOR, which later values reuse.
/// </summary>
internal struct XorState
{
    // 0xFF marks "no window yet": the first non-zero XOR always writes its own window.
    private const byte NoWindow = 0xFF;

    private ulong _prev;
    private byte _leading;
    private byte _trailing;

    /// <summary>A fresh state: the previous value is the all-zero bit pattern (+0.0).</summary>
    public static XorState Initial => new() { _leading = NoWindow };

    /// <summary>Bits this encoder can use per value at most (2 control + 5 + 6 + 64).</summary>
    public const int MaxBits = 77;

    /// <summary>
    /// Appends one value: '0' when equal to the previous bits; '10' + meaningful bits when they
    /// fit the previous window; '11' + 5-bit leading zeros + 6-bit length (64 as 0) + bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(byte[] buffer, ref int bitPos, ulong bits)
    {
        ulong xor = bits ^ _prev;
        _prev = bits;
        if (xor == 0)
        {
            bitPos++; // a zero bit: the buffer is already zero there
            return;
        }

        int leading = BitOperations.LeadingZeroCount(xor);
        int trailing = BitOperations.TrailingZeroCount(xor);
        if (leading > 31)
        {
            leading = 31; // 5-bit field; the extra zeros become meaningful bits
        }

        if (_leading != NoWindow && leading >= _leading && trailing >= _trailing)
        {
            int sig = 64 - _leading - _trailing;
            BitWriter.Write(buffer, ref bitPos, 0b10, 2);
            BitWriter.Write(buffer, ref bitPos, xor >> _trailing, sig);
            return;
        }

        int significant = 64 - leading - trailing;
        _leading = (byte)leading;
        _trailing = (byte)trailing;
        // One field: 11 | leading(5) | length(6) — 13 bits.
        ulong head = (0b11UL << 11) | ((ulong)leading << 6) | (uint)(significant & 63);
        BitWriter.Write(buffer, ref bitPos, head, 13);
        BitWriter.Write(buffer, ref bitPos, xor >> trailing, significant);
    }

    /// <summary>Reads one value written by <see cref="Write"/> and returns its bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Read(ref BitReader reader)
    {
        ulong peek = reader.Peek();
        if ((peek & (1UL << 63)) == 0)
        {
            reader.Skip(1);
            return _prev;
        }

        if ((peek & (1UL << 62)) == 0)
        {
            reader.Skip(2);
            int sig = 64 - _leading - _trailing;
            _prev ^= reader.Read(sig) << _trailing;
            return _prev;
        }

        int leading = (int)((peek >> 57) & 31);
        int significant = (int)((peek >> 51) & 63);
        if (significant == 0)
        {
            significant = 64;
        }

        reader.Skip(13);
        int trailing = 64 - leading - significant;
        if (trailing < 0)
        {
            throw new InvalidDataException("Corrupt XOR value: leading + length exceed 64 bits.");
        }

        _leading = (byte)leading;
        _trailing = (byte)trailing;
        _prev ^= reader.Read(significant) << trailing;
        return _prev;
    }
}
