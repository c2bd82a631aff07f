namespace Crema.Storage.Engine;

/// <summary>The header of a block file (layout in docs/formats/block.md).</summary>
internal sealed record BlockMeta(
    BlockTier Tier,
    long Sequence,
    long MinTime,
    long MaxTime,
    long SampleCount,
    int SeriesCount,
    int WalSegmentsBefore,
    long CreatedAtMs,
    int Level,
    BlockFlags Flags = BlockFlags.None)
{
    /// <summary>True when every flag in <paramref name="f"/> is set.</summary>
    public bool Has(BlockFlags f) => (Flags & f) == f;
}
