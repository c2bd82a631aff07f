using Crema.Core.Metrics;

namespace Crema.Storage.Encoding;

/// <summary>Decodes the samples of a head chunk one at a time, without allocating.</summary>
public ref struct ChunkIterator
{
    private BitReader _reader;
    private readonly ChunkKind _kind;
    private int _remaining;
    private bool _started;
    private long _ts;
    private long _delta;
    private XorState _sum;
    private XorState _cnt;
    private XorState _min;
    private XorState _max;
    private int _exponent;
    private long _mantissa;

    internal ChunkIterator(ReadOnlySpan<byte> chunk, int count, ChunkKind kind)
    {
        _reader = new BitReader(chunk, HeadChunk.HeaderSize * 8);
        _kind = kind;
        _remaining = count;
        _sum = XorState.Initial;
        _cnt = XorState.Initial;
        _min = XorState.Initial;
        _max = XorState.Initial;
    }

    /// <summary>Samples not yet returned.</summary>
    public readonly int Remaining => _remaining;

    /// <summary>Decodes the next sample; false at the end.</summary>
    public bool MoveNext(out Sample sample)
    {
        if (_remaining == 0)
        {
            sample = default;
            return false;
        }

        if (_started)
        {
            _delta += TimestampCodec.ReadDod(ref _reader);
            _ts += _delta;
            if (_kind == ChunkKind.Decimal)
            {
                _mantissa += DecimalValueCodec.ReadDelta(ref _reader);
            }
        }
        else
        {
            _ts = (long)_reader.Read(64);
            _started = true;
            if (_kind == ChunkKind.Decimal)
            {
                _exponent = (int)_reader.Read(8);
                if (_exponent > DecimalValueCodec.MaxExponent)
                {
                    throw new InvalidDataException($"Decimal chunk exponent {_exponent} is above {DecimalValueCodec.MaxExponent}.");
                }

                _mantissa = (long)_reader.Read(64);
            }
        }

        if (_kind == ChunkKind.Decimal)
        {
            double v = DecimalValueCodec.Value(_mantissa, _exponent);
            sample = new Sample(_ts, v, 1, v, v);
        }
        else if (_kind == ChunkKind.Plain)
        {
            double v = BitConverter.Int64BitsToDouble((long)_sum.Read(ref _reader));
            sample = new Sample(_ts, v, 1, v, v);
        }
        else
        {
            bool stat = _reader.ReadBit();
            double sum = BitConverter.Int64BitsToDouble((long)_sum.Read(ref _reader));
            if (stat)
            {
                double count = BitConverter.Int64BitsToDouble((long)_cnt.Read(ref _reader));
                double min = BitConverter.Int64BitsToDouble((long)_min.Read(ref _reader));
                double max = BitConverter.Int64BitsToDouble((long)_max.Read(ref _reader));
                sample = new Sample(_ts, sum, count, min, max);
            }
            else
            {
                sample = new Sample(_ts, sum, 1, sum, sum);
            }
        }

        if (_reader.Overrun)
        {
            throw new InvalidDataException("Chunk ends before its declared sample count.");
        }

        _remaining--;
        return true;
    }

    /// <summary>Decodes all remaining samples into <paramref name="dest"/>; returns how many.</summary>
    public int DecodeAll(Span<Sample> dest)
    {
        if (dest.Length < _remaining)
        {
            throw new ArgumentException($"Destination holds {dest.Length} samples; the chunk has {_remaining}.", nameof(dest));
        }

        int n = _remaining;
        for (int i = 0; i < n; i++)
        {
            MoveNext(out dest[i]);
        }

        return n;
    }
}
