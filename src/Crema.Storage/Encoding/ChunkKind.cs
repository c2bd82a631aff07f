namespace Crema.Storage.Encoding;

/// <summary>What a head chunk stores per sample.</summary>
public enum ChunkKind : byte
{
    /// <summary>Plain samples only (Count 1, Min = Max = Sum): timestamp and value.</summary>
    Plain = 1,

    /// <summary>Any sample: a per-sample flag, and count/min/max for non-plain ones.</summary>
    Stat = 2,
}
