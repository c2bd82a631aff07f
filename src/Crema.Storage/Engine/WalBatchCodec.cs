using Crema.Core.Metrics;

using Crema.Storage.Encoding;

namespace Crema.Storage.Engine;

/// <summary>
/// The engine's WAL payload: series definitions (id → key) the first time a generation
/// uses a series, then each series' samples. Layout in docs/formats/wal.md ("engine payload").
/// </summary>
internal static class WalBatchCodec
{
    private const byte KindBatch = 1;
    private const byte FlagAllPlain = 1;

    public readonly record struct Def(int Id, SeriesKey Key, int Resolution);

    public static void Encode(ByteWriter sink, IReadOnlyList<Def> defs, IReadOnlyList<SeriesWrite> batch, ReadOnlySpan<int> ids)
    {
        sink.WriteByte(KindBatch);
        sink.WriteVarUInt64((ulong)defs.Count);
        foreach (var d in defs)
        {
            sink.WriteVarUInt64((ulong)d.Id);
            sink.WriteByte((byte)d.Resolution);
            sink.WriteString(d.Key.Namespace);
            sink.WriteString(d.Key.MetricName);
            sink.WriteVarUInt64((ulong)d.Key.Dimensions.Count);
            foreach (var dim in d.Key.Dimensions)
            {
                sink.WriteString(dim.Name);
                sink.WriteString(dim.Value);
            }
        }
        sink.WriteVarUInt64((ulong)batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var w = batch[i];
            var span = w.Span;
            sink.WriteVarUInt64((ulong)ids[i]);
            sink.WriteVarUInt64((ulong)span.Length);
            var allPlain = true;
            foreach (ref readonly var s in span)
            {
                if (!s.IsPlain)
                {
                    allPlain = false;
                    break;
                }
            }
            sink.WriteByte(allPlain ? FlagAllPlain : (byte)0);
            long prev = 0;
            foreach (ref readonly var s in span)
            {
                sink.WriteVarInt64(s.TimestampMs - prev);
                prev = s.TimestampMs;
                sink.WriteDouble(s.Sum);
                if (!allPlain)
                {
                    sink.WriteDouble(s.Count);
                    sink.WriteDouble(s.Min);
                    sink.WriteDouble(s.Max);
                }
            }
        }
    }

    /// <summary>Decodes one payload, calling back for each definition and each series' samples.</summary>
    public static void Decode(ReadOnlySpan<byte> payload, Action<Def> onDef, SamplesCallback onSamples, List<Sample> scratch)
    {
        var r = new ByteReader(payload);
        var kind = r.ReadByte();
        if (kind != KindBatch) throw new InvalidDataException($"unknown WAL payload kind {kind}");
        var ndefs = (int)r.ReadVarUInt64();
        for (var i = 0; i < ndefs; i++)
        {
            var id = (int)r.ReadVarUInt64();
            var res = r.ReadByte();
            var ns = r.ReadString();
            var name = r.ReadString();
            var nd = (int)r.ReadVarUInt64();
            var dims = new Dimension[nd];
            for (var j = 0; j < nd; j++) dims[j] = new Dimension(r.ReadString(), r.ReadString());
            onDef(new Def(id, new SeriesKey(ns, name, dims), res));
        }
        var groups = (int)r.ReadVarUInt64();
        for (var g = 0; g < groups; g++)
        {
            var id = (int)r.ReadVarUInt64();
            var n = (int)r.ReadVarUInt64();
            var allPlain = (r.ReadByte() & FlagAllPlain) != 0;
            scratch.Clear();
            long t = 0;
            for (var i = 0; i < n; i++)
            {
                t += r.ReadVarInt64();
                var sum = r.ReadDouble();
                scratch.Add(allPlain ? Sample.Plain(t, sum) : new Sample(t, sum, r.ReadDouble(), r.ReadDouble(), r.ReadDouble()));
            }
            onSamples(id, scratch);
        }
    }

    public delegate void SamplesCallback(int seriesId, List<Sample> samples);
}
