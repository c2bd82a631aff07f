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
        if (IsSorted(timestamps))
        {
            AddPlainSorted(timestamps, values, startMs, endMs);
            return;
        }
        // Unsorted input: accumulate in locals while the period stays the same.
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

    private static bool IsSorted(ReadOnlySpan<long> ts)
    {
        for (var i = 1; i < ts.Length; i++)
            if (ts[i] < ts[i - 1]) return false;
        return true;
    }

    /// <summary>
    /// Sorted samples (every block section): each period is a contiguous run, found by binary
    /// search, and summed with SIMD when it holds no NaN.
    /// </summary>
    private void AddPlainSorted(ReadOnlySpan<long> ts, ReadOnlySpan<double> vs, long startMs, long endMs)
    {
        var k = LowerBound(ts, 0, startMs);
        var kEnd = LowerBound(ts, k, endMs);
        while (k < kEnd)
        {
            var idx = (int)((ts[k] - _first) / _periodMs);
            var periodEnd = _first + (idx + 1) * _periodMs;
            var j = LowerBound(ts[..kEnd], k, periodEnd);
            var run = vs[k..j];
            ref var a = ref _aggs[idx];
            if (SumMinMax(run, out var sum, out var min, out var max))
            {
                Flush(ref a, run.Length, sum, min, max);
            }
            else
            {
                foreach (var v in run) a.Add(v); // holds NaN: skipped one by one
            }
            k = j;
        }
    }

    /// <summary>First index at or after <paramref name="from"/> whose timestamp is ≥ <paramref name="t"/>.</summary>
    private static int LowerBound(ReadOnlySpan<long> ts, int from, long t)
    {
        int lo = from, hi = ts.Length;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (ts[mid] < t) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Sum, minimum and maximum of a run; false when it holds a NaN.</summary>
    private static bool SumMinMax(ReadOnlySpan<double> run, out double sum, out double min, out double max)
    {
        sum = 0;
        min = double.PositiveInfinity;
        max = double.NegativeInfinity;
        var i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated && run.Length >= 2 * System.Numerics.Vector<double>.Count)
        {
            var vsum = System.Numerics.Vector<double>.Zero;
            var vmin = new System.Numerics.Vector<double>(double.PositiveInfinity);
            var vmax = new System.Numerics.Vector<double>(double.NegativeInfinity);
            var width = System.Numerics.Vector<double>.Count;
            for (; i <= run.Length - width; i += width)
            {
                var v = new System.Numerics.Vector<double>(run[i..]);
                if (!System.Numerics.Vector.EqualsAll(v, v)) return false;
                vsum += v;
                vmin = System.Numerics.Vector.Min(vmin, v);
                vmax = System.Numerics.Vector.Max(vmax, v);
            }
            for (var l = 0; l < width; l++)
            {
                sum += vsum[l];
                if (vmin[l] < min) min = vmin[l];
                if (vmax[l] > max) max = vmax[l];
            }
        }
        for (; i < run.Length; i++)
        {
            var v = run[i];
            if (double.IsNaN(v)) return false;
            sum += v;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        return true;
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
