using Crema.Core.Statistics;

namespace Crema.Storage.Engine;

/// <summary>One rollup period of one series: its statistic set and percentile sketch.</summary>
internal sealed class RollupBucket
{
    public RollupBucket(long startMs)
    {
        StartMs = startMs;
        Aggregate = Aggregate.Empty;
    }

    public long StartMs { get; }
    public Aggregate Aggregate;
    public QuantileSketch Sketch { get; } = new();

    public void Add(in Core.Metrics.Sample s)
    {
        if (s.IsPlain)
        {
            Aggregate.Add(s.Sum);
            Sketch.Add(s.Sum);
        }
        else
        {
            Aggregate.Add(s.Count, s.Sum, s.Min, s.Max);
            SketchAdd(Sketch, s);
        }
    }

    /// <summary>
    /// A statistic set only says count, sum, min and max; for percentiles it counts as its
    /// minimum and maximum once each and its mean for the rest (exact when min = max).
    /// </summary>
    public static void SketchAdd(QuantileSketch sketch, in Core.Metrics.Sample s)
    {
        if (double.IsNaN(s.Sum) || s.Count <= 0) return;
        if (s.Min.Equals(s.Max) || s.Count <= 2)
        {
            if (s.Count <= 2 && !s.Min.Equals(s.Max))
            {
                sketch.Add(s.Min, s.Count / 2);
                sketch.Add(s.Max, s.Count / 2);
            }
            else
            {
                sketch.Add(s.Min, s.Count);
            }
            return;
        }
        sketch.Add(s.Min, 1);
        sketch.Add(s.Max, 1);
        sketch.Add((s.Sum - s.Min - s.Max) / (s.Count - 2), s.Count - 2);
    }
}
