namespace Crema.Storage.Wal;

/// <summary>Settings of a <see cref="WriteAheadLog"/>; the defaults suit the engine.</summary>
public sealed class WalOptions
{
    /// <summary>A segment is closed and the next one started before it would exceed this size. Default 64 MiB.</summary>
    public long SegmentMaxBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Appends waiting for the writer before producers are held back. Default 4096.</summary>
    public int QueueCapacity { get; init; } = 4096;

    /// <summary>The writer stops collecting a group commit at this many bytes. Default 8 MiB.</summary>
    public int MaxBatchBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Called (on the writer task) when a write or fsync fails; the log is then faulted.</summary>
    public Action<Exception>? OnError { get; init; }

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public void Validate()
    {
        if (SegmentMaxBytes < 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(SegmentMaxBytes), SegmentMaxBytes, "SegmentMaxBytes must be at least 1024.");
        }

        if (QueueCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity, "QueueCapacity must be at least 1.");
        }

        if (MaxBatchBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchBytes), MaxBatchBytes, "MaxBatchBytes must be at least 1.");
        }
    }
}
