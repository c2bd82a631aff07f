using System.Buffers;
using Crema.Core.Statistics;

namespace Crema.Storage.Engine;

/// <summary>
/// A series' rollup section in a 1m or 1h block: zstd over (bucket delta, count, sum, min,
/// max, sketch) records. Layout in docs/formats/block.md.
/// </summary>
internal static class RollupCodec
{
    private const byte Version = 1;

    public static byte[] Encode(IReadOnlyList<RollupBucket> buckets, long bucketMs)
    {
        var body = new ArrayBufferWriter<byte>(buckets.Count * 48 + 16);
        var sink = new ByteSink(buckets.Count * 48 + 16);
        sink.UVar((ulong)buckets.Count);
        long prev = 0;
        foreach (var b in buckets)
        {
            var idx = b.StartMs / bucketMs;
            sink.SVar(idx - prev);
            prev = idx;
            sink.F64(b.Aggregate.Count);
            sink.F64(b.Aggregate.Sum);
            sink.F64(b.Aggregate.Min);
            sink.F64(b.Aggregate.Max);
            body.Clear();
            b.Sketch.WriteTo(body);
            sink.UVar((ulong)body.WrittenCount);
            sink.Bytes(body.WrittenSpan);
        }
        using var z = new ZstdSharp.Compressor(3);
        var compressed = z.Wrap(sink.Span);
        var outp = new byte[compressed.Length + 1];
        outp[0] = Version;
        compressed.CopyTo(outp.AsSpan(1));
        return outp;
    }

    public static List<RollupBucket> Decode(ReadOnlySpan<byte> section, long bucketMs)
    {
        if (section.Length == 0 || section[0] != Version) throw new InvalidDataException("unknown rollup section version");
        using var z = new ZstdSharp.Decompressor();
        var raw = z.Unwrap(section[1..]);
        var r = new ByteReader(raw);
        var n = (int)r.UVar();
        var list = new List<RollupBucket>(n);
        long idx = 0;
        for (var i = 0; i < n; i++)
        {
            idx += r.SVar();
            var b = new RollupBucket(idx * bucketMs);
            b.Aggregate.Count = r.F64();
            b.Aggregate.Sum = r.F64();
            b.Aggregate.Min = r.F64();
            b.Aggregate.Max = r.F64();
            var len = (int)r.UVar();
            if (!QuantileSketch.TryRead(r.Bytes(len), out var sk, out _) || sk is null) throw new InvalidDataException("bad sketch in rollup section");
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
}
