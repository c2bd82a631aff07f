namespace Crema.Storage.Wal;

/// <summary>What <see cref="WriteAheadLog.Replay"/> read, and what it found wrong.</summary>
public sealed class WalReplayReport
{
    /// <summary>Segment files read.</summary>
    public int Segments { get; internal set; }

    /// <summary>Valid records handed to the callback.</summary>
    public long Records { get; internal set; }

    /// <summary>Payload bytes of those records.</summary>
    public long PayloadBytes { get; internal set; }

    /// <summary>The highest segment number found (0 when none).</summary>
    public int LastSegment { get; internal set; }

    /// <summary>Bytes cut off the tail of the last segment (a torn write).</summary>
    public long TruncatedBytes { get; internal set; }

    /// <summary>Every bad record found, in file order.</summary>
    public IReadOnlyList<WalCorruption> Corruptions => _corruptions;

    internal List<WalCorruption> CorruptionList => _corruptions;

    private readonly List<WalCorruption> _corruptions = [];
}
