namespace Crema.Storage.Engine;

/// <summary>
/// Header byte 10 of a block file. On a raw block: which rollup tiers already hold its samples
/// (written with the cut), so age-out must not roll them up again. On a rollup file: whether it
/// was written from head cuts (and so counts whether or not raw blocks of the same data remain).
/// </summary>
[Flags]
internal enum BlockFlags : byte
{
    None = 0,

    /// <summary>Raw block: its samples are in the 1-hour tier already.</summary>
    HourRolledUp = 1,

    /// <summary>Raw block: its samples are in the 1-minute tier already.</summary>
    MinuteRolledUp = 2,

    /// <summary>Rollup file: made from head cuts (or merged from such files), not from an expiring raw block.</summary>
    FromCut = 4,
}

internal static class BlockFlagsExtensions
{
    /// <summary>The raw-block flag saying the samples are already in <paramref name="tier"/>.</summary>
    public static BlockFlags RolledUpInto(this BlockTier tier) => tier == BlockTier.OneHour ? BlockFlags.HourRolledUp : BlockFlags.MinuteRolledUp;
}
