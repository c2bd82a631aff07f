using Crema.Core.Metrics;

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

    public static void Encode(ByteSink sink, IReadOnlyList<Def> defs, IReadOnlyList<SeriesWrite> batch, ReadOnlySpan<int> ids)
    {
        sink.Byte(KindBatch);
        sink.UVar((ulong)defs.Count);
        foreach (var d in defs)
        {
            sink.UVar((ulong)d.Id);
            sink.Byte((byte)d.Resolution);
            sink.Str(d.Key.Namespace);
            sink.Str(d.Key.MetricName);
            sink.UVar((ulong)d.Key.Dimensions.Count);
            foreach (var dim in d.Key.Dimensions)
            {
                sink.Str(dim.Name);
                sink.Str(dim.Value);
            }
        }
        sink.UVar((ulong)batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var w = batch[i];
            var span = w.Span;
            sink.UVar((ulong)ids[i]);
            sink.UVar((ulong)span.Length);
            var allPlain = true;
            foreach (ref readonly var s in span)
            {
                if (!s.IsPlain)
                {
                    allPlain = false;
                    break;
                }
            }
            sink.Byte(allPlain ? FlagAllPlain : (byte)0);
            long prev = 0;
            foreach (ref readonly var s in span)
            {
                sink.SVar(s.TimestampMs - prev);
                prev = s.TimestampMs;
                sink.F64(s.Sum);
                if (!allPlain)
                {
                    sink.F64(s.Count);
                    sink.F64(s.Min);
                    sink.F64(s.Max);
                }
            }
        }
    }

    /// <summary>Decodes one payload, calling back for each definition and each series' samples.</summary>
    public static void Decode(ReadOnlySpan<byte> payload, Action<Def> onDef, SamplesCallback onSamples, List<Sample> scratch)
    {
        var r = new ByteReader(payload);
        var kind = r.Byte();
        if (kind != KindBatch) throw new InvalidDataException($"unknown WAL payload kind {kind}");
        var ndefs = (int)r.UVar();
        for (var i = 0; i < ndefs; i++)
        {
            var id = (int)r.UVar();
            var res = r.Byte();
            var ns = r.Str();
            var name = r.Str();
            var nd = (int)r.UVar();
            var dims = new Dimension[nd];
            for (var j = 0; j < nd; j++) dims[j] = new Dimension(r.Str(), r.Str());
            onDef(new Def(id, new SeriesKey(ns, name, dims), res));
        }
        var groups = (int)r.UVar();
        for (var g = 0; g < groups; g++)
        {
            var id = (int)r.UVar();
            var n = (int)r.UVar();
            var allPlain = (r.Byte() & FlagAllPlain) != 0;
            scratch.Clear();
            long t = 0;
            for (var i = 0; i < n; i++)
            {
                t += r.SVar();
                var sum = r.F64();
                scratch.Add(allPlain ? Sample.Plain(t, sum) : new Sample(t, sum, r.F64(), r.F64(), r.F64()));
            }
            onSamples(id, scratch);
        }
    }

    public delegate void SamplesCallback(int seriesId, List<Sample> samples);
}
