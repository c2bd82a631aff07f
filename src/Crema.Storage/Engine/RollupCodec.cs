using System.Buffers;
using Crema.Core.Statistics;

using Crema.Storage.Encoding;

namespace Crema.Storage.Engine;

/// <summary>
/// A series' rollup section in a 1m or 1h block: zstd over (bucket delta, count, sum, min,
/// max, sketch) records. Layout in docs/formats/block.md.
/// </summary>
internal static class RollupCodec
{
    private const byte Version = 1;

    // One zstd context per thread and level: creating one per section (thousands per cut) cost more than compressing.
    [ThreadStatic] private static ZstdSharp.Compressor? t_compressor;
    [ThreadStatic] private static ZstdSharp.Compressor? t_fastCompressor;
    [ThreadStatic] private static ZstdSharp.Decompressor? t_decompressor;

    /// <summary>
    /// Encodes buckets; <paramref name="fast"/> (head cuts) uses the raw codec's fast zstd level,
    /// otherwise (compaction, age-out) its stronger one.
    /// </summary>
    public static byte[] Encode(IReadOnlyList<RollupBucket> buckets, long bucketMs, bool fast = false)
    {
        var body = new ArrayBufferWriter<byte>(buckets.Count * 48 + 16);
        var sink = new ByteWriter(buckets.Count * 48 + 16);
        sink.WriteVarUInt64((ulong)buckets.Count);
        long prev = 0;
        foreach (var b in buckets)
        {
            var idx = b.StartMs / bucketMs;
            sink.WriteVarInt64(idx - prev);
            prev = idx;
            sink.WriteDouble(b.Aggregate.Count);
            sink.WriteDouble(b.Aggregate.Sum);
            sink.WriteDouble(b.Aggregate.Min);
            sink.WriteDouble(b.Aggregate.Max);
            body.Clear();
            b.Sketch.WriteTo(body);
            sink.WriteVarUInt64((ulong)body.WrittenCount);
            sink.Write(body.WrittenSpan);
        }
        var z = fast
            ? t_fastCompressor ??= new ZstdSharp.Compressor(SeriesBlockCodec.FastZstdLevel)
            : t_compressor ??= new ZstdSharp.Compressor(SeriesBlockCodec.ZstdLevel);
        var compressed = z.Wrap(sink.WrittenSpan);
        var outp = new byte[compressed.Length + 1];
        outp[0] = Version;
        compressed.CopyTo(outp.AsSpan(1));
        return outp;
    }

    /// <summary>Decodes a section; without <paramref name="sketches"/> the sketches are skipped (left empty), which is much cheaper.</summary>
    public static List<RollupBucket> Decode(ReadOnlySpan<byte> section, long bucketMs, bool sketches = true)
    {
        if (section.Length == 0 || section[0] != Version) throw new InvalidDataException("unknown rollup section version");
        var z = t_decompressor ??= new ZstdSharp.Decompressor();
        var raw = z.Unwrap(section[1..]);
        var r = new ByteReader(raw);
        var n = (int)r.ReadVarUInt64();
        var list = new List<RollupBucket>(n);
        long idx = 0;
        for (var i = 0; i < n; i++)
        {
            idx += r.ReadVarInt64();
            var b = new RollupBucket(idx * bucketMs);
            b.Aggregate.Count = r.ReadDouble();
            b.Aggregate.Sum = r.ReadDouble();
            b.Aggregate.Min = r.ReadDouble();
            b.Aggregate.Max = r.ReadDouble();
            var len = (int)r.ReadVarUInt64();
            if (!sketches)
            {
                r.ReadSpan(len);
                list.Add(b);
                continue;
            }
            if (!QuantileSketch.TryRead(r.ReadSpan(len), out var sk, out _) || sk is null) throw new InvalidDataException("bad sketch in rollup section");
            b.Sketch.Merge(sk);
            list.Add(b);
        }
        return list;
    }

    /// <summary>Rolls time-ordered samples up into buckets of <paramref name="bucketMs"/>.</summary>
    public static List<RollupBucket> Build(ReadOnlySpan<Core.Metrics.Sample> samples, long bucketMs)
    {
        var list = new List<RollupBucket>();
        RollupBucket? cur = null;
        foreach (ref readonly var s in samples)
        {
            var start = Math.DivRem(s.TimestampMs, bucketMs, out var rem) * bucketMs;
            if (rem < 0) start -= bucketMs;
            if (cur is null || cur.StartMs != start)
            {
                cur = null;
                // Samples come sorted, so a bucket once left is never revisited.
                cur = new RollupBucket(start);
                list.Add(cur);
            }
            cur.Add(s);
        }
        return list;
    }

    /// <summary>Merges fine buckets into coarser ones (1 m → 1 h).</summary>
    public static List<RollupBucket> Coarsen(IReadOnlyList<RollupBucket> fine, long bucketMs)
    {
        var list = new List<RollupBucket>();
        RollupBucket? cur = null;
        foreach (var f in fine)
        {
            var start = Math.DivRem(f.StartMs, bucketMs, out var rem) * bucketMs;
            if (rem < 0) start -= bucketMs;
            if (cur is null || cur.StartMs != start)
            {
                cur = new RollupBucket(start);
                list.Add(cur);
            }
            cur.Aggregate.Merge(f.Aggregate);
            cur.Sketch.Merge(f.Sketch);
        }
        return list;
    }

    /// <summary>
    /// Buckets of one series from several files, in any order, as one sorted list with one bucket
    /// per period: buckets of the same period (a late sample's, or a cut's partial period) merge.
    /// </summary>
    public static List<RollupBucket> MergeSamePeriods(List<RollupBucket> buckets)
    {
        // Stable, so equal periods merge in file order and the result does not depend on chance.
        var sorted = buckets.OrderBy(b => b.StartMs).ToList();
        var list = new List<RollupBucket>(sorted.Count);
        RollupBucket? cur = null;
        foreach (var b in sorted)
        {
            if (cur is not null && cur.StartMs == b.StartMs)
            {
                cur.Aggregate.Merge(b.Aggregate);
                cur.Sketch.Merge(b.Sketch);
                continue;
            }
            cur = b;
            list.Add(cur);
        }
        return list;
    }
}
