using System.Buffers.Binary;
using Crema.Core.Metrics;
using Crema.Storage.Wal;
using Microsoft.Win32.SafeHandles;

using Crema.Storage.Encoding;

namespace Crema.Storage.Engine;

/// <summary>
/// An immutable block file: a header, one section per series (sorted by key), an index and a
/// footer. Written to a temporary name, flushed to disk and renamed, so a crash leaves either
/// the whole file or none. Layout in docs/formats/block.md.
/// </summary>
internal sealed class BlockFile : IDisposable
{
    public const int HeaderSize = 64;
    private const ulong Magic = 0x4B4C42414D455243UL; // "CREMABLK" little-endian
    private const uint FooterMagic = 0x4B4C4243; // "CBLK"
    private const byte Version = 1;

    private readonly SafeFileHandle _handle;
    // Key → position in Entries (not a copy of the entry: a block of 2,000 series kept two copies of its index).
    private readonly Dictionary<SeriesKey, int> _byKey;

    private BlockFile(string path, SafeFileHandle handle, BlockMeta meta, BlockIndexEntry[] entries, long size)
    {
        Path = path;
        _handle = handle;
        Meta = meta;
        Entries = entries;
        Size = size;
        _byKey = new Dictionary<SeriesKey, int>(entries.Length);
        for (var i = 0; i < entries.Length; i++) _byKey[entries[i].Key] = i;
    }

    public string Path { get; }
    public BlockMeta Meta { get; }
    public BlockIndexEntry[] Entries { get; }
    public long Size { get; }

    public static string FileName(BlockTier tier, long seq) => $"{tier.Prefix()}-{seq:D10}.crb";

    public bool TryGet(SeriesKey key, out BlockIndexEntry entry)
    {
        if (_byKey.TryGetValue(key, out var i))
        {
            entry = Entries[i];
            return true;
        }
        entry = default;
        return false;
    }

    /// <summary>Reads and checks one series' section.</summary>
    public byte[] ReadSection(in BlockIndexEntry e)
    {
        var buf = GC.AllocateUninitializedArray<byte>(e.Length);
        var n = RandomAccess.Read(_handle, buf, e.Offset);
        if (n != e.Length) throw new InvalidDataException($"{Path}: section of {e.Key} is truncated");
        if (Crc32C.Compute(buf) != e.Crc) throw new InvalidDataException($"{Path}: section of {e.Key} fails its CRC");
        return buf;
    }

    public void Dispose() => _handle.Dispose();

    /// <summary>
    /// Opens a block, checking magic, version and the index CRC. <paramref name="intern"/> may swap
    /// each series key read from the index for an equal instance the caller already holds, so
    /// many blocks of the same series share one key instead of one each.
    /// </summary>
    public static BlockFile Open(string path, Func<SeriesKey, SeriesKey>? intern = null)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        try
        {
            var size = RandomAccess.GetLength(handle);
            if (size < HeaderSize + 16) throw new InvalidDataException($"{path}: too short to be a block ({size} bytes)");
            Span<byte> header = stackalloc byte[HeaderSize];
            RandomAccess.Read(handle, header, 0);
            if (BinaryPrimitives.ReadUInt64LittleEndian(header) != Magic) throw new InvalidDataException($"{path}: not a Crema block (bad magic)");
            if (header[8] != Version) throw new InvalidDataException($"{path}: block version {header[8]} is not supported (this Crema reads version {Version})");
            var meta = new BlockMeta(
                Tier: (BlockTier)header[9],
                Sequence: BinaryPrimitives.ReadInt64LittleEndian(header[12..]),
                MinTime: BinaryPrimitives.ReadInt64LittleEndian(header[20..]),
                MaxTime: BinaryPrimitives.ReadInt64LittleEndian(header[28..]),
                SampleCount: BinaryPrimitives.ReadInt64LittleEndian(header[36..]),
                SeriesCount: BinaryPrimitives.ReadInt32LittleEndian(header[44..]),
                WalSegmentsBefore: BinaryPrimitives.ReadInt32LittleEndian(header[48..]),
                CreatedAtMs: BinaryPrimitives.ReadInt64LittleEndian(header[52..]),
                Level: BinaryPrimitives.ReadInt32LittleEndian(header[60..]),
                Flags: (BlockFlags)header[10]);
            Span<byte> footer = stackalloc byte[16];
            RandomAccess.Read(handle, footer, size - 16);
            if (BinaryPrimitives.ReadUInt32LittleEndian(footer[12..]) != FooterMagic) throw new InvalidDataException($"{path}: bad footer");
            var indexOffset = BinaryPrimitives.ReadInt64LittleEndian(footer);
            var indexCrc = BinaryPrimitives.ReadUInt32LittleEndian(footer[8..]);
            if (indexOffset < HeaderSize || indexOffset > size - 16) throw new InvalidDataException($"{path}: index offset out of range");
            var index = new byte[size - 16 - indexOffset];
            RandomAccess.Read(handle, index, indexOffset);
            if (Crc32C.Compute(index) != indexCrc) throw new InvalidDataException($"{path}: index fails its CRC");
            var r = new ByteReader(index);
            var count = (int)r.ReadVarUInt64();
            var entries = new BlockIndexEntry[count];
            var strings = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var ns = Intern(strings, r.ReadString());
                var name = Intern(strings, r.ReadString());
                var nd = (int)r.ReadVarUInt64();
                var dims = new Dimension[nd];
                for (var j = 0; j < nd; j++) dims[j] = new Dimension(Intern(strings, r.ReadString()), r.ReadString());
                var res = r.ReadByte();
                var minT = r.ReadVarInt64();
                var maxT = minT + (long)r.ReadVarUInt64();
                var cnt = (long)r.ReadVarUInt64();
                var off = (long)r.ReadVarUInt64();
                var len = (int)r.ReadVarUInt64();
                var crc = r.ReadUInt32();
                var key = new SeriesKey(ns, name, dims);
                entries[i] = new BlockIndexEntry(intern is null ? key : intern(key), res, minT, maxT, cnt, off, len, crc);
            }
            return new BlockFile(path, handle, meta, entries, size);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static string Intern(Dictionary<string, string> d, string s)
    {
        if (d.TryGetValue(s, out var v)) return v;
        d[s] = s;
        return s;
    }

    /// <summary>Streams series sections into a new block file.</summary>
    public sealed class Writer : IDisposable
    {
        private readonly string _finalPath;
        private readonly string _tmpPath;
        private readonly FileStream _fs;
        private readonly ByteWriter _index = new(4096);
        private readonly BlockTier _tier;
        private readonly long _seq;
        private readonly int _walBefore;
        private readonly long _createdAt;
        private readonly int _level;
        private readonly BlockFlags _flags;
        private long _minT = long.MaxValue;
        private long _maxT = long.MinValue;
        private long _samples;
        private int _series;
        private SeriesKey? _last;
        private bool _done;

        public Writer(string dir, BlockTier tier, long seq, int walSegmentsBefore, long createdAtMs, int level, BlockFlags flags = BlockFlags.None)
        {
            _flags = flags;
            _tier = tier;
            _seq = seq;
            _walBefore = walSegmentsBefore;
            _createdAt = createdAtMs;
            _level = level;
            _finalPath = System.IO.Path.Combine(dir, FileName(tier, seq));
            _tmpPath = _finalPath + ".tmp";
            _fs = new FileStream(_tmpPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            _fs.Write(new byte[HeaderSize]);
        }

        public string FinalPath => _finalPath;

        /// <summary>Adds a series section; keys must come in ascending order.</summary>
        public void Add(SeriesKey key, int resolution, long minT, long maxT, long count, ReadOnlySpan<byte> section)
        {
            if (_last is not null && _last.CompareTo(key) >= 0) throw new InvalidOperationException($"block series out of order: {key} after {_last}");
            _last = key;
            var offset = _fs.Position;
            _fs.Write(section);
            _index.WriteString(key.Namespace);
            _index.WriteString(key.MetricName);
            _index.WriteVarUInt64((ulong)key.Dimensions.Count);
            foreach (var d in key.Dimensions)
            {
                _index.WriteString(d.Name);
                _index.WriteString(d.Value);
            }
            _index.WriteByte((byte)resolution);
            _index.WriteVarInt64(minT);
            _index.WriteVarUInt64((ulong)(maxT - minT));
            _index.WriteVarUInt64((ulong)count);
            _index.WriteVarUInt64((ulong)offset);
            _index.WriteVarUInt64((ulong)section.Length);
            _index.WriteUInt32(Crc32C.Compute(section));
            if (minT < _minT) _minT = minT;
            if (maxT > _maxT) _maxT = maxT;
            _samples += count;
            _series++;
        }

        public int SeriesCount => _series;

        /// <summary>Writes index and footer, flushes to disk and renames into place.</summary>
        public string Commit()
        {
            var indexBody = new ByteWriter(_index.Length + 16);
            indexBody.WriteVarUInt64((ulong)_series);
            indexBody.Write(_index.WrittenSpan);
            var indexOffset = _fs.Position;
            _fs.Write(indexBody.WrittenSpan);
            Span<byte> footer = stackalloc byte[16];
            BinaryPrimitives.WriteInt64LittleEndian(footer, indexOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(footer[8..], Crc32C.Compute(indexBody.WrittenSpan));
            BinaryPrimitives.WriteUInt32LittleEndian(footer[12..], FooterMagic);
            _fs.Write(footer);
            Span<byte> header = stackalloc byte[HeaderSize];
            header.Clear();
            BinaryPrimitives.WriteUInt64LittleEndian(header, Magic);
            header[8] = Version;
            header[9] = (byte)_tier;
            header[10] = (byte)_flags;
            BinaryPrimitives.WriteInt64LittleEndian(header[12..], _seq);
            BinaryPrimitives.WriteInt64LittleEndian(header[20..], _series == 0 ? 0 : _minT);
            BinaryPrimitives.WriteInt64LittleEndian(header[28..], _series == 0 ? 0 : _maxT);
            BinaryPrimitives.WriteInt64LittleEndian(header[36..], _samples);
            BinaryPrimitives.WriteInt32LittleEndian(header[44..], _series);
            BinaryPrimitives.WriteInt32LittleEndian(header[48..], _walBefore);
            BinaryPrimitives.WriteInt64LittleEndian(header[52..], _createdAt);
            BinaryPrimitives.WriteInt32LittleEndian(header[60..], _level);
            _fs.Position = 0;
            _fs.Write(header);
            _fs.Flush(flushToDisk: true);
            _fs.Dispose();
            File.Move(_tmpPath, _finalPath, overwrite: true);
            FsyncDirectory(System.IO.Path.GetDirectoryName(_finalPath)!);
            _done = true;
            return _finalPath;
        }

        public void Dispose()
        {
            if (_done) return;
            _fs.Dispose();
            try
            {
                File.Delete(_tmpPath);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Makes a rename durable: fsync of the directory (no-op where the platform cannot open directories).</summary>
    public static void FsyncDirectory(string dir)
    {
        if (OperatingSystem.IsWindows()) return;
        try
        {
            using var h = File.OpenHandle(dir, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.None);
            RandomAccess.FlushToDisk(h);
        }
        catch (UnauthorizedAccessException)
        {
        }
        catch (IOException)
        {
        }
    }
}
