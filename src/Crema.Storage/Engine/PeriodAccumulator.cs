using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Crema.Core.Metrics;
using Crema.Core.Statistics;

namespace Crema.Storage.Engine;

/// <summary>
/// Folds samples and rollup buckets into fixed periods, then reads statistics off them. The
/// period array is rented (a 200-series dashboard query would otherwise allocate one per
/// series): dispose the accumulator after <see cref="ToResult"/>.
/// </summary>
internal sealed class PeriodAccumulator : IDisposable
{
    private readonly long _first;
    private readonly long _periodMs;
    private readonly int _n;
    private Aggregate[] _aggs;
    private readonly QuantileSketch?[]? _sketches;

    public PeriodAccumulator(long first, long periodMs, int periods, bool sketches)
    {
        _first = first;
        _periodMs = periodMs;
        _n = periods;
        _aggs = ArrayPool<Aggregate>.Shared.Rent(periods);
        _aggs.AsSpan(0, periods).Fill(Aggregate.Empty);
        if (sketches) _sketches = new QuantileSketch?[periods];
    }

    public void Dispose()
    {
        var a = _aggs;
        _aggs = [];
        if (a.Length > 0) ArrayPool<Aggregate>.Shared.Return(a);
    }

    /// <summary>
    /// True when every whole minute falls into exactly one period, so per-minute aggregates can
    /// stand in for the samples: the periods are whole minutes on a minute-aligned grid (or there
    /// is a single period, which holds every minute of the range). Percentiles need the values.
    /// </summary>
    public bool TakesMinutes => _sketches is null
        && (_n == 1 || (_periodMs % MinuteAggregates.BucketMs == 0 && SampleEngine.FloorTo(_first, MinuteAggregates.BucketMs) == _first));

    public long PeriodMs => _periodMs;

    /// <summary>True when percentiles were asked for (rollup sketches are needed).</summary>
    public bool HasSketches => _sketches is not null;

    /// <summary>
    /// True when whole periods can come from a section's <see cref="FoldedPeriods"/>: minutes
    /// apply, the grid is period-aligned and a period spans enough minutes to be worth folding.
    /// </summary>
    public bool TakesFolded => TakesMinutes && _n > 1
        && _periodMs % MinuteAggregates.BucketMs == 0 && _periodMs / MinuteAggregates.BucketMs >= FoldedPeriods.MinMinutesPerPeriod
        && SampleEngine.FloorTo(_first, _periodMs) == _first;

    /// <summary>
    /// A sorted section through its per-minute aggregates: the minutes wholly inside
    /// [<paramref name="startMs"/>, <paramref name="endMs"/>) as buckets, the partial minutes at
    /// either edge sample by sample. Only when <see cref="TakesMinutes"/>.
    /// </summary>
    public void AddMinutes(MinuteAggregates minutes, ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values, long startMs, long endMs,
        FoldedPeriods? folded = null)
    {
        const long B = MinuteAggregates.BucketMs;
        var baseMs = minutes.FirstBucketMs;
        var buckets = minutes.Buckets;
        // Whole buckets: those starting at or after startMs and ending at or before endMs.
        var kFirst = (int)Math.Clamp(-SampleEngine.FloorTo(baseMs - startMs, B) / B, 0, buckets.Length);
        var kEnd = (int)Math.Clamp(SampleEngine.FloorTo(endMs - baseMs, B) / B, 0, buckets.Length);
        if (kFirst >= kEnd)
        {
            AddPlainSorted(timestamps, values, startMs, endMs);
            return;
        }
        var wholeStart = baseMs + kFirst * B;
        var wholeEnd = baseMs + kEnd * B;
        if (startMs < wholeStart) AddPlainSorted(timestamps, values, startMs, wholeStart);
        var aggs = _aggs;
        var k = kFirst;
        // The first period may start before kFirst; every later one is exactly P/60 buckets (a
        // single period holds them all), so no division per period.
        var idx = (int)((baseMs + k * B - _first) / _periodMs);
        var stop = Math.Min(kEnd, (_first + (idx + 1) * _periodMs - baseMs + B - 1) / B);
        var step = _n == 1 ? int.MaxValue : _periodMs / B;
        // A period whose minutes in this section all lie inside the query is read whole from the
        // folded periods (when they were folded for this grid); the partial ones at either end
        // merge their minutes.
        if (folded is not null && (folded.PeriodMs != _periodMs || SampleEngine.FloorTo(_first, _periodMs) != _first)) folded = null;
        var periodStartK = (_first + idx * _periodMs - baseMs) / B;
        var j = folded is null ? 0 : (int)((_first + idx * _periodMs - folded.FirstPeriodMs) / _periodMs);
        while (k < kEnd)
        {
            if (folded is not null && k == Math.Max(0, periodStartK) && stop == Math.Min(buckets.Length, periodStartK + step))
            {
                ref readonly var f = ref folded.Periods[j];
                Flush(ref aggs[idx], f.Count, f.Sum, f.Min, f.Max);
            }
            else
            {
                MergeBuckets(buckets.AsSpan(k, (int)stop - k), out var count, out var sum, out var min, out var max);
                Flush(ref aggs[idx], count, sum, min, max);
            }
            k = (int)stop;
            idx++;
            j++;
            periodStartK += step;
            stop = Math.Min(kEnd, stop + step);
        }
        if (wholeEnd < endMs) AddPlainSorted(timestamps, values, wholeEnd, endMs);
    }

    /// <summary>
    /// Count, sum, minimum and maximum over buckets. An <see cref="Aggregate"/> is four doubles,
    /// one 256-bit vector, so each bucket is three vector operations and no branch: minute
    /// minima and maxima are data-dependent and mispredict as scalar comparisons. Sums are added
    /// in bucket order either way. Buckets never hold NaN (it is skipped when they are built).
    /// </summary>
    internal static void MergeBuckets(ReadOnlySpan<Aggregate> buckets, out double count, out double sum, out double min, out double max)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            var flat = MemoryMarshal.Cast<Aggregate, double>(buckets);
            var vsum = Vector256<double>.Zero;
            var vmin = Vector256.Create(double.PositiveInfinity);
            var vmax = Vector256.Create(double.NegativeInfinity);
            for (var i = 0; i < flat.Length; i += 4)
            {
                var v = Vector256.Create(flat.Slice(i, 4));
                vsum += v;
                vmin = Vector256.Min(vmin, v);
                vmax = Vector256.Max(vmax, v);
            }
            count = vsum.GetElement(0);
            sum = vsum.GetElement(1);
            min = vmin.GetElement(2);
            max = vmax.GetElement(3);
            return;
        }
        count = 0;
        sum = 0;
        min = double.PositiveInfinity;
        max = double.NegativeInfinity;
        foreach (ref readonly var b in buckets)
        {
            count += b.Count;
            sum += b.Sum;
            if (b.Min < min) min = b.Min;
            if (b.Max > max) max = b.Max;
        }
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
        if (i < 0 || i >= _n) return;
        _aggs[i].Merge(b.Aggregate);
        if (_sketches is not null && !b.Sketch.IsEmpty) (_sketches[i] ??= new QuantileSketch()).Merge(b.Sketch);
    }

    public PeriodSeries ToResult(IReadOnlyList<Statistic> stats, string tier)
    {
        var aggs = _aggs.AsSpan(0, _n);
        var rows = 0;
        foreach (ref readonly var a in aggs)
            if (!a.IsEmpty) rows++;
        var ts = new long[rows];
        var r = 0;
        for (var i = 0; i < aggs.Length; i++)
        {
            if (!aggs[i].IsEmpty) ts[r++] = _first + i * _periodMs;
        }
        var values = new double[stats.Count][];
        for (var s = 0; s < stats.Count; s++)
        {
            // One statistic at a time, so the kind is looked at once per column, not once per cell.
            var st = stats[s];
            var column = values[s] = new double[rows];
            r = 0;
            if (st.Kind == StatisticKind.Percentile)
            {
                for (var i = 0; i < aggs.Length; i++)
                {
                    if (aggs[i].IsEmpty) continue;
                    column[r++] = _sketches![i]?.Quantile(st.Percentile / 100.0) ?? double.NaN;
                }
            }
            else if (st.Kind == StatisticKind.Average)
            {
                for (var i = 0; i < aggs.Length; i++)
                {
                    if (aggs[i].IsEmpty) continue;
                    column[r++] = aggs[i].Sum / aggs[i].Count;
                }
            }
            else
            {
                for (var i = 0; i < aggs.Length; i++)
                {
                    if (aggs[i].IsEmpty) continue;
                    column[r++] = aggs[i].Get(st.Kind);
                }
            }
        }
        return new PeriodSeries(ts, values, tier);
    }
}
