using System.Buffers;

namespace Crema.Core.Buffers;

/// <summary>
/// The pool for request bodies, decompressed requests and write-ahead-log records: buffers of
/// 64 KiB to a few MiB that every write needs for a few milliseconds. A bounded pool of its own,
/// not <see cref="ArrayPool{T}.Shared"/>: the shared pool keeps up to 32 arrays of a size per
/// core plus one per thread, which under ingest held about 8 MiB of such buffers that a handful
/// of concurrent writers never use at once. Rent and return through this pool only.
/// </summary>
public static class IoBuffers
{
    /// <summary>Largest array kept for reuse (larger ones are allocated and dropped).</summary>
    public const int MaxPooledLength = 16 << 20;

    /// <summary>Arrays kept per size: enough for a few writers' body, protobuf and WAL record each.</summary>
    public const int ArraysPerSize = 8;

    public static ArrayPool<byte> Pool { get; } = ArrayPool<byte>.Create(MaxPooledLength, ArraysPerSize);
}
