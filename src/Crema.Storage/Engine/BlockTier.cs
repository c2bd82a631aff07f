namespace Crema.Storage.Engine;

/// <summary>What a block file holds: raw samples, or 1-minute / 1-hour rollups.</summary>
internal enum BlockTier : byte
{
    Raw = 0,
    OneMinute = 1,
    OneHour = 2,
}

internal static class BlockTierExtensions
{
    public static string Prefix(this BlockTier t) => t switch
    {
        BlockTier.Raw => "raw",
        BlockTier.OneMinute => "1m",
        _ => "1h",
    };

    public static long BucketMs(this BlockTier t) => t switch
    {
        BlockTier.OneMinute => 60_000,
        BlockTier.OneHour => 3_600_000,
        _ => 0,
    };
}
