namespace Crema.Core.MetricMath;

/// <summary>
/// Array kernels behind metric math. Every kernel drops points whose result is not finite
/// (division by zero, NaN inputs, overflow): a missing point, never Inf or NaN, reaches a graph.
/// </summary>
internal static class SeriesMath
{
    /// <summary>Which cross-series aggregate to take per timestamp.</summary>
    public enum AggregateKind
    {
        Sum,
        Average,
        Min,
        Max,
    }

    public static double Apply(BinaryOperator op, double x, double y) => op switch
    {
        BinaryOperator.Add => x + y,
        BinaryOperator.Subtract => x - y,
        BinaryOperator.Multiply => x * y,
        BinaryOperator.Divide => y == 0 ? double.NaN : x / y,
        _ => double.NaN,
    };

    /// <summary>series ⊕ scalar (or scalar ⊕ series) per point.</summary>
    public static TimeSeries WithScalar(TimeSeries series, BinaryOperator op, double scalar, bool scalarOnLeft, string label)
    {
        var timestamps = series.TimestampsMs;
        var values = series.Values;
        var outTimes = new long[values.Length];
        var outValues = new double[values.Length];
        var n = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var v = scalarOnLeft ? Apply(op, scalar, values[i]) : Apply(op, values[i], scalar);
            if (!double.IsFinite(v)) continue;
            outTimes[n] = timestamps[i];
            outValues[n++] = v;
        }
        return Build(series.Id, label, outTimes, outValues, n);
    }

    /// <summary>left ⊕ right at the timestamps both have; others are dropped.</summary>
    public static TimeSeries Combine(TimeSeries left, BinaryOperator op, TimeSeries right, string id, string label)
    {
        long[] lt = left.TimestampsMs, rt = right.TimestampsMs;
        double[] lv = left.Values, rv = right.Values;
        var capacity = Math.Min(lt.Length, rt.Length);
        var outTimes = new long[capacity];
        var outValues = new double[capacity];
        int i = 0, j = 0, n = 0;
        while (i < lt.Length && j < rt.Length)
        {
            if (lt[i] < rt[j]) { i++; continue; }
            if (lt[i] > rt[j]) { j++; continue; }
            var v = Apply(op, lv[i], rv[j]);
            if (double.IsFinite(v))
            {
                outTimes[n] = lt[i];
                outValues[n++] = v;
            }
            i++;
            j++;
        }
        return Build(id, label, outTimes, outValues, n);
    }

    public static TimeSeries Negate(TimeSeries series, string label) =>
        WithScalar(series, BinaryOperator.Multiply, -1, scalarOnLeft: false, label);

    public static TimeSeries Abs(TimeSeries series, string label)
    {
        var values = series.Values;
        var outTimes = new long[values.Length];
        var outValues = new double[values.Length];
        var n = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i])) continue;
            outTimes[n] = series.TimestampsMs[i];
            outValues[n++] = Math.Abs(values[i]);
        }
        return Build(series.Id, label, outTimes, outValues, n);
    }

    /// <summary>v[i] − v[i−1], or that divided by the seconds between the points when <paramref name="perSecond"/>; the first point has no predecessor and is dropped.</summary>
    public static TimeSeries Difference(TimeSeries series, bool perSecond, string label)
    {
        var timestamps = series.TimestampsMs;
        var values = series.Values;
        var capacity = Math.Max(0, values.Length - 1);
        var outTimes = new long[capacity];
        var outValues = new double[capacity];
        var n = 0;
        for (var i = 1; i < values.Length; i++)
        {
            var v = values[i] - values[i - 1];
            if (perSecond) v /= (timestamps[i] - timestamps[i - 1]) / 1000.0;
            if (!double.IsFinite(v)) continue;
            outTimes[n] = timestamps[i];
            outValues[n++] = v;
        }
        return Build(series.Id, label, outTimes, outValues, n);
    }

    /// <summary>One series holding, at every timestamp any input has, the aggregate of the inputs' values there (NaN values skipped).</summary>
    public static TimeSeries Aggregate(IReadOnlyList<TimeSeries> inputs, AggregateKind kind, string label)
    {
        if (SharesOneTimeline(inputs)) return AggregateAligned(inputs, kind, label);
        var capacity = 0;
        for (var s = 0; s < inputs.Count; s++) capacity += inputs[s].Values.Length;
        var outTimes = new long[capacity];
        var outValues = new double[capacity];
        var cursors = new int[inputs.Count];
        var n = 0;
        while (true)
        {
            // The smallest timestamp not yet consumed across all inputs.
            var found = false;
            long t = 0;
            for (var s = 0; s < inputs.Count; s++)
            {
                var ts = inputs[s].TimestampsMs;
                if (cursors[s] < ts.Length && (!found || ts[cursors[s]] < t))
                {
                    t = ts[cursors[s]];
                    found = true;
                }
            }
            if (!found) break;
            double acc = 0;
            var count = 0;
            for (var s = 0; s < inputs.Count; s++)
            {
                var ts = inputs[s].TimestampsMs;
                if (cursors[s] >= ts.Length || ts[cursors[s]] != t) continue;
                var v = inputs[s].Values[cursors[s]++];
                if (double.IsNaN(v)) continue;
                acc = count == 0 ? v : kind switch
                {
                    AggregateKind.Min => Math.Min(acc, v),
                    AggregateKind.Max => Math.Max(acc, v),
                    _ => acc + v,
                };
                count++;
            }
            if (count == 0) continue;
            if (kind == AggregateKind.Average) acc /= count;
            if (!double.IsFinite(acc)) continue;
            outTimes[n] = t;
            outValues[n++] = acc;
        }
        return Build("", label, outTimes, outValues, n);
    }

    /// <summary>True when every input has the same timestamps (the usual case: one query's series at one period).</summary>
    private static bool SharesOneTimeline(IReadOnlyList<TimeSeries> inputs)
    {
        if (inputs.Count < 2) return false;
        var first = inputs[0].TimestampsMs;
        for (var s = 1; s < inputs.Count; s++)
        {
            var ts = inputs[s].TimestampsMs;
            if (!ReferenceEquals(ts, first) && !ts.AsSpan().SequenceEqual(first)) return false;
        }
        return true;
    }

    /// <summary>The aggregate over inputs on one timeline: column by column, no merging of timestamps.</summary>
    private static TimeSeries AggregateAligned(IReadOnlyList<TimeSeries> inputs, AggregateKind kind, string label)
    {
        var times = inputs[0].TimestampsMs;
        var acc = new double[times.Length];
        var count = new int[times.Length];
        if (kind is AggregateKind.Sum or AggregateKind.Average)
        {
            // A tight loop per input for the common SUM/AVG over many series. Starting from −0
            // makes the first addition return the value itself (−0 + v = v, even for v = −0),
            // as taking the first value does.
            acc.AsSpan().Fill(-0.0);
            for (var s = 0; s < inputs.Count; s++)
            {
                var values = inputs[s].Values;
                var length = Math.Min(values.Length, acc.Length);
                for (var i = 0; i < length; i++)
                {
                    var v = values[i];
                    if (double.IsNaN(v)) continue;
                    acc[i] += v;
                    count[i]++;
                }
            }
        }
        else
        {
            for (var s = 0; s < inputs.Count; s++)
            {
                var values = inputs[s].Values;
                for (var i = 0; i < values.Length; i++)
                {
                    var v = values[i];
                    if (double.IsNaN(v)) continue;
                    acc[i] = count[i] == 0 ? v : kind == AggregateKind.Min ? Math.Min(acc[i], v) : Math.Max(acc[i], v);
                    count[i]++;
                }
            }
        }
        var outTimes = new long[times.Length];
        var outValues = new double[times.Length];
        var n = 0;
        for (var i = 0; i < times.Length; i++)
        {
            if (count[i] == 0) continue;
            var v = kind == AggregateKind.Average ? acc[i] / count[i] : acc[i];
            if (!double.IsFinite(v)) continue;
            outTimes[n] = times[i];
            outValues[n++] = v;
        }
        return Build("", label, outTimes, outValues, n);
    }

    /// <summary>
    /// The series with every grid timestamp it lacks (or holds NaN at) filled: with
    /// <paramref name="constant"/> when <paramref name="mode"/> is null, else with the previous
    /// value (REPEAT) or by interpolating between the neighbours (LINEAR). REPEAT cannot fill
    /// before the first value, LINEAR neither before the first nor after the last. Points off
    /// the grid are kept. Id and label are the input's.
    /// </summary>
    public static TimeSeries Fill(TimeSeries series, long[] grid, FillMode? mode, double constant)
    {
        var (times, values) = WithoutNaN(series);
        var outTimes = new long[times.Length + grid.Length];
        var outValues = new double[outTimes.Length];
        int i = 0, g = 0, n = 0;
        while (i < times.Length || g < grid.Length)
        {
            if (g >= grid.Length || (i < times.Length && times[i] <= grid[g]))
            {
                if (g < grid.Length && times[i] == grid[g]) g++;
                outTimes[n] = times[i];
                outValues[n++] = values[i++];
                continue;
            }
            // grid[g] is missing from the series; i indexes the next real point after it.
            var t = grid[g++];
            double v;
            if (mode is null)
            {
                v = constant;
            }
            else if (i == 0 || (mode == FillMode.Linear && i == times.Length))
            {
                continue;
            }
            else if (mode == FillMode.Repeat)
            {
                v = values[i - 1];
            }
            else
            {
                double t0 = times[i - 1], t1 = times[i];
                v = values[i - 1] + (values[i] - values[i - 1]) * ((t - t0) / (t1 - t0));
            }
            outTimes[n] = t;
            outValues[n++] = v;
        }
        return Build(series.Id, series.Label, outTimes, outValues, n);
    }

    /// <summary>The period grid of a context: from the first multiple of the period (since the Unix epoch) at or after StartMs, while before EndMs.</summary>
    public static bool TryGrid(EvaluationContext ctx, int maxPoints, out long[] grid, out string? error)
    {
        grid = [];
        error = null;
        if (ctx.PeriodSeconds <= 0)
        {
            error = $"the period must be positive, got {ctx.PeriodSeconds} s";
            return false;
        }
        var period = ctx.PeriodSeconds * 1000L;
        var remainder = ((ctx.StartMs % period) + period) % period;
        var first = remainder == 0 ? ctx.StartMs : ctx.StartMs - remainder + period;
        if (first >= ctx.EndMs) return true;
        var count = (ctx.EndMs - first + period - 1) / period;
        if (count > maxPoints)
        {
            error = $"the window holds {count} periods of {ctx.PeriodSeconds} s; at most {maxPoints} can be filled";
            return false;
        }
        grid = new long[count];
        for (var k = 0; k < grid.Length; k++) grid[k] = first + k * period;
        return true;
    }

    private static (long[] Times, double[] Values) WithoutNaN(TimeSeries series)
    {
        var values = series.Values;
        var nanCount = 0;
        foreach (var v in values)
        {
            if (double.IsNaN(v)) nanCount++;
        }
        if (nanCount == 0) return (series.TimestampsMs, values);
        var times = new long[values.Length - nanCount];
        var kept = new double[times.Length];
        var n = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i])) continue;
            times[n] = series.TimestampsMs[i];
            kept[n++] = values[i];
        }
        return (times, kept);
    }

    private static TimeSeries Build(string id, string label, long[] times, double[] values, int count)
    {
        if (count < times.Length)
        {
            Array.Resize(ref times, count);
            Array.Resize(ref values, count);
        }
        return new TimeSeries(id, label, times, values);
    }
}
