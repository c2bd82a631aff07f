using System.Buffers;
using System.Buffers.Binary;

namespace Crema.Storage.Wal;

public sealed partial class WriteAheadLog
{
    /// <summary>
    /// Reads every segment in order and hands each valid record to <paramref name="onRecord"/>.
    /// A bad record in the last segment (a torn write) is cut off: the file is truncated there.
    /// A bad record in an older segment is reported and the rest of that segment skipped.
    /// Call it before <see cref="Open"/>, never while a log is open on the directory.
    /// </summary>
    public static WalReplayReport Replay(string directory, Action<int, ReadOnlySpan<byte>> onRecord)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(onRecord);
        var report = new WalReplayReport();
        List<int> segments = WalSegmentFiles.List(directory);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            for (int i = 0; i < segments.Count; i++)
            {
                bool last = i == segments.Count - 1;
                ReplaySegment(directory, segments[i], last, onRecord, report, ref buffer);
                report.Segments++;
                report.LastSegment = segments[i];
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return report;
    }

    private static void ReplaySegment(
        string directory, int segment, bool last, Action<int, ReadOnlySpan<byte>> onRecord,
        WalReplayReport report, ref byte[] buffer)
    {
        string path = WalSegmentFiles.PathOf(directory, segment);
        long badOffset = -1;
        string? reason = null;
        long length;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1024 * 1024))
        {
            length = file.Length;
            long offset = 0;
            Span<byte> header = stackalloc byte[RecordHeaderSize];
            while (offset < length)
            {
                if (length - offset < RecordHeaderSize)
                {
                    (badOffset, reason) = (offset, $"{length - offset} bytes left, less than a record header");
                    break;
                }

                file.ReadExactly(header);
                uint size = BinaryPrimitives.ReadUInt32LittleEndian(header);
                uint crc = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(4));
                if (size == 0 || size > length - offset - RecordHeaderSize)
                {
                    (badOffset, reason) = (offset, size == 0
                        ? "record length is 0"
                        : $"record length {size} runs past the end of the file");
                    break;
                }

                if (buffer.Length < size)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent((int)size);
                }

                Span<byte> payload = buffer.AsSpan(0, (int)size);
                file.ReadExactly(payload);
                uint actual = Crc32C.Compute(payload);
                if (actual != crc)
                {
                    (badOffset, reason) = (offset, $"CRC-32C mismatch (stored {crc:X8}, computed {actual:X8})");
                    break;
                }

                onRecord(segment, payload);
                report.Records++;
                report.PayloadBytes += size;
                offset += RecordHeaderSize + size;
            }
        }

        if (badOffset < 0)
        {
            return;
        }

        report.CorruptionList.Add(new WalCorruption(segment, badOffset, reason!, Truncated: last));
        if (last)
        {
            // A crash can only tear the end of the segment being written: cut it off so the
            // file ends at the last complete record.
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None);
            file.SetLength(badOffset);
            file.Flush(flushToDisk: true);
            report.TruncatedBytes += length - badOffset;
        }
    }
}
