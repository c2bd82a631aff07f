using System.Buffers.Binary;
using Crema.Core.Metrics;

namespace Crema.Storage.Encoding;

/// <summary>
/// A consistent, length-bounded view of a <see cref="HeadChunk"/> taken under the writer's
/// lock; decode it without the lock while appends continue.
/// </summary>
public readonly struct HeadChunkSnapshot
{
    private readonly byte[] _buffer;
    private readonly int _length;

    internal HeadChunkSnapshot(byte[] buffer, int length, int count, ChunkKind kind, long minTime, long maxTime)
    {
        _buffer = buffer;
        _length = length;
        Count = count;
        Kind = kind;
        MinTime = minTime;
        MaxTime = maxTime;
    }

    /// <summary>Samples in the snapshot.</summary>
    public int Count { get; }

    /// <summary>The chunk kind.</summary>
    public ChunkKind Kind { get; }

    /// <summary>First timestamp (undefined when Count is 0).</summary>
    public long MinTime { get; }

    /// <summary>Last timestamp (undefined when Count is 0).</summary>
    public long MaxTime { get; }

    /// <summary>Iterates the snapshot's samples.</summary>
    public ChunkIterator Iterate() => new(_buffer.AsSpan(0, _length), Count, Kind);

    /// <summary>Decodes the snapshot's samples into <paramref name="dest"/>; returns the count.</summary>
    public int DecodeAll(Span<Sample> dest) => Iterate().DecodeAll(dest);

    /// <summary>An exact-size copy of the encoded chunk whose header count is the snapshot's.</summary>
    public byte[] ToArray()
    {
        if (_buffer is null)
        {
            return [];
        }

        byte[] copy = _buffer.AsSpan(0, _length).ToArray();
        copy[0] = (byte)Kind;
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(1, 2), (ushort)Count);
        return copy;
    }
}
