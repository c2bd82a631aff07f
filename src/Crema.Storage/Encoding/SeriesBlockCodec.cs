using System.Buffers;
using Crema.Core.Metrics;
using ZstdSharp;

namespace Crema.Storage.Encoding;

/// <summary>
/// Dense column codec for one series segment in an immutable block file: timestamps and
/// values as integer columns (decimal mantissas where possible), zstd over the result when
/// that is smaller. Bit-exact. Layout: docs/formats/block-series.md.
/// </summary>
public static class SeriesBlockCodec
{
    /// <summary>Format version written in the first byte.</summary>
    public const byte Version = 1;

    /// <summary>Most samples one segment may hold (guards decoders against corrupt counts).</summary>
    public const int MaxSamples = 1 << 24;

    /// <summary>zstd level used for the body (measured: higher levels gain little on these columns).</summary>
    public const int ZstdLevel = 9;

    private const byte FlagZstd = 0x01;
    private const byte FlagStats = 0x02;

    /// <summary>A fast level for blocks cut from the head; compaction re-encodes at <see cref="ZstdLevel"/>.</summary>
    public const int FastZstdLevel = 1;

    [ThreadStatic]
    private static Compressor? t_compressor;

    [ThreadStatic]
    private static Compressor? t_fastCompressor;

    [ThreadStatic]
    private static Decompressor? t_decompressor;

    /// <summary>Encodes samples (sorted by time; equal timestamps allowed).</summary>
    public static byte[] Encode(ReadOnlySpan<Sample> samples) => Encode(samples, fast: false);

    /// <summary>Encodes samples; <paramref name="fast"/> trades some size for speed (zstd level 1).</summary>
    public static byte[] Encode(ReadOnlySpan<Sample> samples, bool fast)
    {
        int n = samples.Length;
        ThrowIfTooMany(n);
        bool stats = false;
        for (int i = 0; i < n && !stats; i++)
        {
            stats = !SampleBits.IsExactlyPlain(samples[i]);
        }

        long[] ts = ArrayPool<long>.Shared.Rent(n);
        double[] col = ArrayPool<double>.Shared.Rent(n);
        try
        {
            var body = new ByteWriter((n * 2) + 64);
            for (int i = 0; i < n; i++)
            {
                ts[i] = samples[i].TimestampMs;
            }

            IntColumnCodec.Encode(ts.AsSpan(0, n), body);
            for (int c = 0; c < (stats ? 4 : 1); c++)
            {
                for (int i = 0; i < n; i++)
                {
                    col[i] = c switch
                    {
                        0 => samples[i].Sum,
                        1 => samples[i].Count,
                        2 => samples[i].Min,
                        _ => samples[i].Max,
                    };
                }

                DoubleColumnCodec.Encode(col.AsSpan(0, n), body);
            }

            return Finish(n, stats, body, fast);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(ts);
            ArrayPool<double>.Shared.Return(col);
        }
    }

    /// <summary>Encodes plain samples given as parallel columns.</summary>
    public static byte[] Encode(ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values)
    {
        if (timestamps.Length != values.Length)
        {
            throw new ArgumentException($"values has {values.Length} entries; timestamps has {timestamps.Length}.", nameof(values));
        }

        ThrowIfTooMany(timestamps.Length);
        var body = new ByteWriter((timestamps.Length * 2) + 64);
        IntColumnCodec.Encode(timestamps, body);
        DoubleColumnCodec.Encode(values, body);
        return Finish(timestamps.Length, stats: false, body, fast: false);
    }

    private static void ThrowIfTooMany(int n)
    {
        if (n > MaxSamples)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, $"A segment holds at most {MaxSamples} samples.");
        }
    }

    /// <summary>True when the segment has count/min/max columns (some sample is not plain).</summary>
    public static bool HasStats(ReadOnlySpan<byte> data)
    {
        var r = new ByteReader(data);
        ReadHeader(ref r, out byte flags);
        return (flags & FlagStats) != 0;
    }

    /// <summary>Number of samples in an encoded segment.</summary>
    public static int GetCount(ReadOnlySpan<byte> data)
    {
        var r = new ByteReader(data);
        ReadHeader(ref r, out _);
        return ReadCount(ref r);
    }

    /// <summary>Decodes a segment into a new array.</summary>
    public static Sample[] Decode(ReadOnlySpan<byte> data)
    {
        var result = new Sample[GetCount(data)];
        DecodeCore(data, result);
        return result;
    }

    /// <summary>Decodes a segment, appending to <paramref name="dest"/>; returns the count added.</summary>
    public static int Decode(ReadOnlySpan<byte> data, List<Sample> dest)
    {
        int n = GetCount(data);
        int start = dest.Count;
        System.Runtime.InteropServices.CollectionsMarshal.SetCount(dest, start + n);
        DecodeCore(data, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(dest).Slice(start, n));
        return n;
    }

    /// <summary>
    /// Decodes timestamps and the Sum column (the value of a plain sample) into caller arrays,
    /// growing them when too small; count/min/max columns are skipped.
    /// </summary>
    public static void DecodeInto(ReadOnlySpan<byte> data, ref long[] timestamps, ref double[] values, out int count)
    {
        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> body = OpenBody(data, out count, out _, ref rented);
            if (timestamps.Length < count)
            {
                timestamps = new long[count];
            }

            if (values.Length < count)
            {
                values = new double[count];
            }

            var r = new ByteReader(body);
            IntColumnCodec.Decode(ref r, timestamps.AsSpan(0, count));
            long[] scratch = ArrayPool<long>.Shared.Rent(count);
            try
            {
                DoubleColumnCodec.Decode(ref r, values.AsSpan(0, count), scratch);
            }
            finally
            {
                ArrayPool<long>.Shared.Return(scratch);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static void DecodeCore(ReadOnlySpan<byte> data, Span<Sample> dest)
    {
        byte[]? rented = null;
        long[] ts = ArrayPool<long>.Shared.Rent(dest.Length);
        long[] scratch = ArrayPool<long>.Shared.Rent(dest.Length);
        double[] sum = ArrayPool<double>.Shared.Rent(dest.Length);
        try
        {
            int n = dest.Length;
            ReadOnlySpan<byte> body = OpenBody(data, out _, out bool stats, ref rented);
            var r = new ByteReader(body);
            IntColumnCodec.Decode(ref r, ts.AsSpan(0, n));
            DoubleColumnCodec.Decode(ref r, sum.AsSpan(0, n), scratch);
            if (!stats)
            {
                for (int i = 0; i < n; i++)
                {
                    double v = sum[i];
                    dest[i] = new Sample(ts[i], v, 1, v, v);
                }

                return;
            }

            double[] count = ArrayPool<double>.Shared.Rent(n);
            double[] min = ArrayPool<double>.Shared.Rent(n);
            double[] max = ArrayPool<double>.Shared.Rent(n);
            try
            {
                DoubleColumnCodec.Decode(ref r, count.AsSpan(0, n), scratch);
                DoubleColumnCodec.Decode(ref r, min.AsSpan(0, n), scratch);
                DoubleColumnCodec.Decode(ref r, max.AsSpan(0, n), scratch);
                for (int i = 0; i < n; i++)
                {
                    dest[i] = new Sample(ts[i], sum[i], count[i], min[i], max[i]);
                }
            }
            finally
            {
                ArrayPool<double>.Shared.Return(count);
                ArrayPool<double>.Shared.Return(min);
                ArrayPool<double>.Shared.Return(max);
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(ts);
            ArrayPool<long>.Shared.Return(scratch);
            ArrayPool<double>.Shared.Return(sum);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static byte[] Finish(int count, bool stats, ByteWriter body, bool fast)
    {
        ReadOnlySpan<byte> raw = body.WrittenSpan;
        byte flags = stats ? FlagStats : (byte)0;
        var head = new ByteWriter(16);
        head.WriteByte(Version);

        // Tiny bodies never shrink under zstd (its frame header alone is ~10 bytes).
        if (raw.Length > 32)
        {
            var compressor = fast ? (t_fastCompressor ??= new Compressor(FastZstdLevel)) : (t_compressor ??= new Compressor(ZstdLevel));
            byte[] packed = ArrayPool<byte>.Shared.Rent(Compressor.GetCompressBound(raw.Length));
            try
            {
                int packedLength = compressor.Wrap(raw, packed);
                int extra = ByteWriter.VarIntSize((ulong)raw.Length);
                if (packedLength + extra < raw.Length)
                {
                    head.WriteByte((byte)(flags | FlagZstd));
                    head.WriteVarUInt64((ulong)count);
                    head.WriteVarUInt64((ulong)raw.Length);
                    head.Write(packed.AsSpan(0, packedLength));
                    return head.WrittenSpan.ToArray();
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(packed);
            }
        }

        head.WriteByte(flags);
        head.WriteVarUInt64((ulong)count);
        head.Write(raw);
        return head.WrittenSpan.ToArray();
    }

    private static void ReadHeader(ref ByteReader r, out byte flags)
    {
        byte version = r.ReadByte();
        if (version != Version)
        {
            throw new InvalidDataException($"Series block version {version} is not supported (expected {Version}).");
        }

        flags = r.ReadByte();
        if ((flags & ~(FlagZstd | FlagStats)) != 0)
        {
            throw new InvalidDataException($"Series block flags {flags:X2} has unknown bits.");
        }
    }

    private static int ReadCount(ref ByteReader r)
    {
        ulong count = r.ReadVarUInt64();
        if (count > MaxSamples)
        {
            throw new InvalidDataException($"Series block sample count {count} exceeds {MaxSamples}.");
        }

        return (int)count;
    }

    private static ReadOnlySpan<byte> OpenBody(ReadOnlySpan<byte> data, out int count, out bool stats, ref byte[]? rented)
    {
        var r = new ByteReader(data);
        ReadHeader(ref r, out byte flags);
        count = ReadCount(ref r);
        stats = (flags & FlagStats) != 0;
        if ((flags & FlagZstd) == 0)
        {
            return r.Remaining;
        }

        ulong rawLength = r.ReadVarUInt64();
        if (rawLength > int.MaxValue)
        {
            throw new InvalidDataException($"Series block body length {rawLength} is too large.");
        }

        rented = ArrayPool<byte>.Shared.Rent((int)rawLength);
        t_decompressor ??= new Decompressor();
        int written;
        try
        {
            written = t_decompressor.Unwrap(r.Remaining, rented.AsSpan(0, (int)rawLength));
        }
        catch (ZstdException ex)
        {
            throw new InvalidDataException("Series block body is not valid zstd data.", ex);
        }

        if (written != (int)rawLength)
        {
            throw new InvalidDataException($"Series block body is {written} bytes after zstd; the header says {rawLength}.");
        }

        return rented.AsSpan(0, written);
    }
}
