using System.Collections.Immutable;

namespace Crema.Storage.Engine;

/// <summary>
/// What a query reads, swapped as a whole: the live head, a head being cut (if any) and the
/// blocks of each tier. Readers take one snapshot and never see a half-finished cut.
/// </summary>
internal sealed record EngineState(
    HeadGeneration Head,
    HeadGeneration? Cutting,
    ImmutableArray<BlockFile> Raw,
    ImmutableArray<BlockFile> OneMinute,
    ImmutableArray<BlockFile> OneHour)
{
    public ImmutableArray<BlockFile> Tier(BlockTier t) => t switch
    {
        BlockTier.Raw => Raw,
        BlockTier.OneMinute => OneMinute,
        _ => OneHour,
    };

    public EngineState WithTier(BlockTier t, ImmutableArray<BlockFile> blocks) => t switch
    {
        BlockTier.Raw => this with { Raw = blocks },
        BlockTier.OneMinute => this with { OneMinute = blocks },
        _ => this with { OneHour = blocks },
    };
}
