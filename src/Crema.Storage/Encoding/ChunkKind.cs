namespace Crema.Storage.Encoding;

/// <summary>What a head chunk stores per sample.</summary>
public enum ChunkKind : byte
{
    /// <summary>Plain samples only (Count 1, Min = Max = Sum): timestamp and value.</summary>
    Plain = 1,

    /// <summary>Any sample: a per-sample flag, and count/min/max for non-plain ones.</summary>
    Stat = 2,

    /// <summary>Plain samples whose values are short decimals: timestamp and the delta of the value's integer mantissa at one exponent.</summary>
    Decimal = 3,
}
