namespace Crema.Server.RemoteWrite;

/// <summary>
/// The limits a remote-write request is held to. Defaults: 64 MiB uncompressed body, 30
/// labels besides <c>__name__</c> (Crema's dimension limit), names up to 255 and values up to
/// 1024 characters (UTF-16 code units), samples at most 14 days old and 2 hours ahead.
/// </summary>
public sealed class RemoteWriteLimits
{
    /// <summary>The limits with their defaults.</summary>
    public static RemoteWriteLimits Default { get; } = new();

    /// <summary>The largest uncompressed body accepted; a body declaring more is refused before anything is allocated.</summary>
    public int MaxUncompressedBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>The most labels a series may have besides <c>__name__</c>.</summary>
    public int MaxLabelsBesideName { get; init; } = 30;

    /// <summary>The longest label name, in characters.</summary>
    public int MaxLabelNameLength { get; init; } = 255;

    /// <summary>The longest label value (the metric name included), in characters.</summary>
    public int MaxLabelValueLength { get; init; } = 1024;

    /// <summary>How far before now a sample may lie.</summary>
    public TimeSpan MaxSampleAge { get; init; } = TimeSpan.FromDays(14);

    /// <summary>How far after now a sample may lie.</summary>
    public TimeSpan MaxSampleFuture { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Checks the limits themselves; the error names the setting and the rule.</summary>
    public bool TryValidate(out string? error)
    {
        error = MaxUncompressedBytes <= 0 ? $"{nameof(MaxUncompressedBytes)} must be positive (is {MaxUncompressedBytes})"
            : MaxLabelsBesideName < 0 ? $"{nameof(MaxLabelsBesideName)} must not be negative (is {MaxLabelsBesideName})"
            : MaxLabelNameLength <= 0 ? $"{nameof(MaxLabelNameLength)} must be positive (is {MaxLabelNameLength})"
            : MaxLabelValueLength <= 0 ? $"{nameof(MaxLabelValueLength)} must be positive (is {MaxLabelValueLength})"
            : MaxSampleAge < TimeSpan.Zero ? $"{nameof(MaxSampleAge)} must not be negative (is {MaxSampleAge})"
            : MaxSampleFuture < TimeSpan.Zero ? $"{nameof(MaxSampleFuture)} must not be negative (is {MaxSampleFuture})"
            : null;
        return error is null;
    }
}
