namespace Crema.Storage.Engine;

/// <summary>
/// One decoded plain block section held by <see cref="DecodedSectionCache"/>: its columns and,
/// once a query at a whole-minute period has asked, its per-minute aggregates.
/// </summary>
internal sealed class DecodedSection
{
    private MinuteAggregates? _minutes;
    private FoldedPeriods? _folded;

    public DecodedSection((BlockFile Block, long Offset) key, long[] timestamps, double[] values)
    {
        Key = key;
        Timestamps = timestamps;
        Values = values;
        Bytes = timestamps.Length * 16L + 64;
    }

    public (BlockFile Block, long Offset) Key { get; }
    public long[] Timestamps { get; }
    public double[] Values { get; }

    /// <summary>Memory charged to the cache's budget (columns, plus the minute aggregates once built); changed only under the cache's lock.</summary>
    public long Bytes { get; set; }

    /// <summary>Null until built; <see cref="MinuteAggregates.None"/> when the section is not worth bucketing.</summary>
    public MinuteAggregates? Minutes
    {
        get => Volatile.Read(ref _minutes);
        set => Volatile.Write(ref _minutes, value);
    }

    /// <summary>The minutes folded for the period length last asked for (one length at a time bounds the memory).</summary>
    public FoldedPeriods? Folded
    {
        get => Volatile.Read(ref _folded);
        set => Volatile.Write(ref _folded, value);
    }
}
