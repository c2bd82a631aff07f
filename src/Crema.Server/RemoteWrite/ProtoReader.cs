using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Crema.Server.RemoteWrite;

/// <summary>
/// A zero-copy protobuf reader over one message's bytes. Methods return false on malformed
/// input and leave the reason in <see cref="Error"/> and the absolute byte offset in
/// <see cref="ErrorOffset"/>, so a hostile body costs no exception.
/// </summary>
internal ref struct ProtoReader
{
    // Groups are deprecated and never sent by Prometheus, but a skipper must survive them;
    // the cap keeps a crafted body from recursing without bound.
    private const int MaxGroupDepth = 32;

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _origin;
    private int _pos;

    /// <summary>Reads <paramref name="data"/>, whose first byte is at absolute offset <paramref name="origin"/>.</summary>
    public ProtoReader(ReadOnlySpan<byte> data, int origin)
    {
        _data = data;
        _origin = origin;
        _pos = 0;
        Error = ProtoError.None;
        ErrorOffset = 0;
    }

    public ProtoError Error { get; private set; }

    public int ErrorOffset { get; private set; }

    public readonly bool End => _pos >= _data.Length;

    /// <summary>The absolute offset of the next byte.</summary>
    public readonly int Offset => _origin + _pos;

    public bool TryReadTag(out int field, out ProtoWireType wireType)
    {
        var start = _pos;
        if (!TryReadVarint(out var tag))
        {
            field = 0;
            wireType = 0;
            return false;
        }

        field = (int)(tag >> 3);
        wireType = (ProtoWireType)(int)(tag & 7);
        if (tag >> 3 == 0 || tag >> 3 > 0x1FFF_FFFF)
        {
            return Fail(ProtoError.InvalidFieldNumber, start);
        }

        if ((int)wireType > 5)
        {
            return Fail(ProtoError.InvalidWireType, start);
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadVarint(out ulong value)
    {
        var data = _data;
        var pos = _pos;
        if ((uint)pos < (uint)data.Length && data[pos] < 0x80)
        {
            value = data[pos];
            _pos = pos + 1;
            return true;
        }

        return TryReadVarintSlow(out value);
    }

    private bool TryReadVarintSlow(out ulong value)
    {
        var data = _data;
        var start = _pos;
        ulong result = 0;
        for (var i = 0; i < 10; i++)
        {
            var pos = start + i;
            if (pos >= data.Length)
            {
                value = 0;
                return Fail(ProtoError.TruncatedVarint, start);
            }

            ulong b = data[pos];
            result |= (b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                // The tenth byte may carry only the top bit of a 64-bit value.
                if (i == 9 && b > 1)
                {
                    value = 0;
                    return Fail(ProtoError.VarintTooLong, start);
                }

                _pos = pos + 1;
                value = result;
                return true;
            }
        }

        value = 0;
        return Fail(ProtoError.VarintTooLong, start);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadFixed64(out ulong value)
    {
        if (_data.Length - _pos < 8)
        {
            value = 0;
            return Fail(ProtoError.TruncatedFixed64, _pos);
        }

        value = BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(_pos, 8));
        _pos += 8;
        return true;
    }

    /// <summary>Reads a length-delimited payload; <paramref name="origin"/> is its absolute offset.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadBytes(out ReadOnlySpan<byte> payload, out int origin)
    {
        var start = _pos;
        if (!TryReadVarint(out var length))
        {
            payload = default;
            origin = 0;
            return false;
        }

        if (length > (ulong)(_data.Length - _pos))
        {
            payload = default;
            origin = 0;
            return Fail(ProtoError.LengthPastEnd, start);
        }

        origin = _origin + _pos;
        payload = _data.Slice(_pos, (int)length);
        _pos += (int)length;
        return true;
    }

    /// <summary>Skips the value of a field whose tag was just read, whatever its wire type.</summary>
    public bool TrySkip(int field, ProtoWireType wireType) => TrySkip(field, wireType, 0);

    private bool TrySkip(int field, ProtoWireType wireType, int depth)
    {
        switch (wireType)
        {
            case ProtoWireType.Varint:
                return TryReadVarint(out _);
            case ProtoWireType.Fixed64:
                return TryReadFixed64(out _);
            case ProtoWireType.LengthDelimited:
                return TryReadBytes(out _, out _);
            case ProtoWireType.Fixed32:
                if (_data.Length - _pos < 4)
                {
                    return Fail(ProtoError.TruncatedFixed32, _pos);
                }

                _pos += 4;
                return true;
            case ProtoWireType.StartGroup:
                return TrySkipGroup(field, depth);
            case ProtoWireType.EndGroup:
                return Fail(ProtoError.UnexpectedEndGroup, _pos);
            default:
                return Fail(ProtoError.InvalidWireType, _pos);
        }
    }

    private bool TrySkipGroup(int field, int depth)
    {
        var start = _pos;
        if (depth >= MaxGroupDepth)
        {
            return Fail(ProtoError.GroupTooDeep, start);
        }

        while (!End)
        {
            if (!TryReadTag(out var inner, out var innerType))
            {
                return false;
            }

            if (innerType == ProtoWireType.EndGroup)
            {
                return inner == field || Fail(ProtoError.UnexpectedEndGroup, _pos);
            }

            if (!TrySkip(inner, innerType, depth + 1))
            {
                return false;
            }
        }

        return Fail(ProtoError.UnterminatedGroup, start);
    }

    /// <summary>Records an error found outside the reader (such as a wrong wire type) at an absolute offset.</summary>
    public bool FailAt(ProtoError error, int absoluteOffset)
    {
        Error = error;
        ErrorOffset = absoluteOffset;
        return false;
    }

    private bool Fail(ProtoError error, int relativeOffset) => FailAt(error, _origin + relativeOffset);
}
