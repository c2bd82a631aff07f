namespace Crema.Storage.Wal;

/// <summary>One queued append: its payload and the completion the writer signals after fsync.</summary>
internal sealed class PendingAppend(ReadOnlyMemory<byte> payload)
    : TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public ReadOnlyMemory<byte> Payload { get; } = payload;

    /// <summary>The segment the record was written to (set by the writer before completing).</summary>
    public int Segment { get; set; }
}
