using Crema.Core.Metrics;
using Crema.Core.Statistics;

namespace Crema.Storage.Engine;

/// <summary>Folds samples and rollup buckets into fixed periods, then reads statistics off them.</summary>
internal sealed class PeriodAccumulator
{
    private readonly long _first;
    private readonly long _periodMs;
    private readonly Aggregate[] _aggs;
    private readonly QuantileSketch?[]? _sketches;

    public PeriodAccumulator(long first, long periodMs, int periods, bool sketches)
    {
        _first = first;
        _periodMs = periodMs;
        _aggs = new Aggregate[periods];
        for (var i = 0; i < periods; i++) _aggs[i] = Aggregate.Empty;
        if (sketches) _sketches = new QuantileSketch?[periods];
    }

    public void AddSamples(ReadOnlySpan<Sample> samples, long startMs, long endMs)
    {
        foreach (ref readonly var s in samples)
        {
            var t = s.TimestampMs;
            if (t < startMs || t >= endMs) continue;
            var i = (int)((t - _first) / _periodMs);
            if (s.IsPlain)
            {
                var v = s.Sum;
                if (double.IsNaN(v)) continue;
                _aggs[i].Add(v);
                if (_sketches is not null) (_sketches[i] ??= new QuantileSketch()).Add(v);
            }
            else
            {
                _aggs[i].Add(s.Count, s.Sum, s.Min, s.Max);
                if (_sketches is not null) RollupBucket.SketchAdd(_sketches[i] ??= new QuantileSketch(), s);
            }
        }
    }

    /// <summary>Plain values with their timestamps (ascending or not).</summary>
    public void AddPlain(ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values, long startMs, long endMs)
    {
        var aggs = _aggs;
        for (var k = 0; k < timestamps.Length; k++)
        {
            var t = timestamps[k];
            if (t < startMs || t >= endMs) continue;
            var v = values[k];
            if (double.IsNaN(v)) continue;
            var i = (int)((t - _first) / _periodMs);
            ref var a = ref aggs[i];
            a.Count++;
            a.Sum += v;
            if (v < a.Min) a.Min = v;
            if (v > a.Max) a.Max = v;
            if (_sketches is not null) (_sketches[i] ??= new QuantileSketch()).Add(v);
        }
    }

    public void AddBucket(RollupBucket b)
    {
        var i = (int)((b.StartMs - _first) / _periodMs);
        if (i < 0 || i >= _aggs.Length) return;
        _aggs[i].Merge(b.Aggregate);
        if (_sketches is not null && !b.Sketch.IsEmpty) (_sketches[i] ??= new QuantileSketch()).Merge(b.Sketch);
    }

    public PeriodSeries ToResult(IReadOnlyList<Statistic> stats, string tier)
    {
        var rows = 0;
        foreach (var a in _aggs)
            if (!a.IsEmpty) rows++;
        var ts = new long[rows];
        var values = new double[stats.Count][];
        for (var s = 0; s < stats.Count; s++) values[s] = new double[rows];
        var r = 0;
        for (var i = 0; i < _aggs.Length; i++)
        {
            if (_aggs[i].IsEmpty) continue;
            ts[r] = _first + i * _periodMs;
            for (var s = 0; s < stats.Count; s++)
            {
                var st = stats[s];
                values[s][r] = st.Kind == StatisticKind.Percentile
                    ? _sketches![i]?.Quantile(st.Percentile / 100.0) ?? double.NaN
                    : _aggs[i].Get(st.Kind);
            }
            r++;
        }
        return new PeriodSeries(ts, values, tier);
    }
}
