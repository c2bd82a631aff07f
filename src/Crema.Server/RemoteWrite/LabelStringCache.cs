using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace Crema.Server.RemoteWrite;

/// <summary>
/// Turns UTF-8 label bytes into strings, remembering recent ones: a sender repeats the
/// same names and values in every request, so after the first request a label costs a hash
/// and a byte compare instead of a string allocation. An open-addressing table holding up to
/// <c>capacity</c> strings, growing from a small table as strings arrive (so memory follows the
/// sender's working set); when it is full it starts over empty, which keeps a steady working
/// set (the usual case) fully cached and bounds memory when label values churn.
/// Not thread-safe — one cache per <see cref="WriteRequestBatch"/>.
/// </summary>
internal sealed class LabelStringCache
{
    // Long strings (help texts, odd label values) are rare and rarely repeat; caching them
    // would only pin memory.
    private const int MaxCachedLength = 256;

    private readonly int _capacity;
    private readonly int _maxSize;
    private Entry[] _entries;
    private int _mask;
    private int _count;

    public LabelStringCache(int capacity)
    {
        _capacity = Math.Max(capacity, 16);
        (_maxSize, var size) = ProbingTable.Sizes(_capacity);
        _entries = new Entry[size];
        _mask = size - 1;
    }

    /// <summary>Entries the table has room for now (it grows up to twice the capacity).</summary>
    internal int TableSize => _entries.Length;

    /// <summary>Strings created because they were not in the cache (for tests and metrics).</summary>
    public long Misses { get; private set; }

    /// <summary>
    /// The string for <paramref name="utf8"/>; false when the bytes are not valid UTF-8, in
    /// which case the string has replacement characters and is not cached.
    /// </summary>
    public bool TryGet(ReadOnlySpan<byte> utf8, out string value)
    {
        if (utf8.IsEmpty)
        {
            value = string.Empty;
            return true;
        }

        if (utf8.Length > MaxCachedLength)
        {
            return Create(utf8, out value);
        }

        var hash = Hash(utf8);
        var i = hash & _mask;
        while (true)
        {
            ref var entry = ref _entries[i];
            if (entry.Utf8 is null)
            {
                break;
            }

            if (entry.Hash == hash && utf8.SequenceEqual(entry.Utf8))
            {
                value = entry.Value!;
                return true;
            }

            i = (i + 1) & _mask;
        }

        if (!Create(utf8, out value))
        {
            return false;
        }

        if (_count == _capacity)
        {
            Array.Clear(_entries);
            _count = 0;
            i = hash & _mask;
        }
        else if (ProbingTable.ShouldGrow(_count, _entries.Length, _maxSize))
        {
            _entries = ProbingTable.Doubled(_entries, static e => e.Utf8 is null, static e => e.Hash);
            _mask = _entries.Length - 1;
            i = hash & _mask;
            while (_entries[i].Utf8 is not null) i = (i + 1) & _mask;
        }

        _entries[i] = new Entry { Hash = hash, Utf8 = utf8.ToArray(), Value = value };
        _count++;
        return true;
    }

    private bool Create(ReadOnlySpan<byte> utf8, out string value)
    {
        Misses++;
        value = Encoding.UTF8.GetString(utf8);
        return Utf8.IsValid(utf8);
    }

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var original = bytes;
        // 8 bytes at a time with a multiply-rotate mix: label strings are short, so this
        // beats a byte-at-a-time hash and needs no package.
        ulong h = (ulong)bytes.Length * 0x9E3779B97F4A7C15UL;
        while (bytes.Length >= 8)
        {
            h = BitOperations.RotateLeft((h ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes)) * 0xC2B2AE3D27D4EB4FUL, 31);
            bytes = bytes[8..];
        }

        ulong tail = 0;
        if (bytes.Length > 0)
        {
            if (original.Length >= 8)
            {
                // The last 8 bytes, overlapping what was already mixed: one read instead of a loop.
                tail = BinaryPrimitives.ReadUInt64LittleEndian(original[^8..]);
            }
            else
            {
                for (var i = 0; i < bytes.Length; i++)
                {
                    tail |= (ulong)bytes[i] << (8 * i);
                }
            }
        }

        h = (h ^ tail) * 0x165667B19E3779F9UL;
        h ^= h >> 29;
        return (int)h ^ (int)(h >> 32);
    }

    private struct Entry
    {
        public int Hash;
        public byte[]? Utf8;
        public string? Value;
    }
}
