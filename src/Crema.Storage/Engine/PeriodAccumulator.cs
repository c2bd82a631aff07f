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
        if (_sketches is not null)
        {
            AddPlainWithSketches(timestamps, values, startMs, endMs);
            return;
        }
        // Sorted input (the usual case) stays in one period for many samples: accumulate in
        // locals and divide only when the period changes.
        var aggs = _aggs;
        long lo = long.MaxValue, hi = long.MinValue;
        var idx = -1;
        double count = 0, sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (var k = 0; k < timestamps.Length; k++)
        {
            var t = timestamps[k];
            if (t < startMs || t >= endMs) continue;
            var v = values[k];
            if (double.IsNaN(v)) continue;
            if (t < lo || t >= hi)
            {
                if (idx >= 0) Flush(ref aggs[idx], count, sum, min, max);
                idx = (int)((t - _first) / _periodMs);
                lo = _first + idx * _periodMs;
                hi = lo + _periodMs;
                count = 0;
                sum = 0;
                min = double.PositiveInfinity;
                max = double.NegativeInfinity;
            }
            count++;
            sum += v;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        if (idx >= 0) Flush(ref aggs[idx], count, sum, min, max);
    }

    private static void Flush(ref Aggregate a, double count, double sum, double min, double max)
    {
        if (count == 0) return;
        a.Count += count;
        a.Sum += sum;
        if (min < a.Min) a.Min = min;
        if (max > a.Max) a.Max = max;
    }

    private void AddPlainWithSketches(ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values, long startMs, long endMs)
    {
        var aggs = _aggs;
        var sketches = _sketches!;
        for (var k = 0; k < timestamps.Length; k++)
        {
            var t = timestamps[k];
            if (t < startMs || t >= endMs) continue;
            var v = values[k];
            if (double.IsNaN(v)) continue;
            var i = (int)((t - _first) / _periodMs);
            aggs[i].Add(v);
            (sketches[i] ??= new QuantileSketch()).Add(v);
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
