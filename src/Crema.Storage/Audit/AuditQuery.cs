namespace Crema.Storage.Audit;

/// <summary>A lookup: every filter is optional; results are newest first, continuing below <see cref="BeforeSequence"/>.</summary>
public sealed record AuditQuery
{
    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public string? EventName { get; init; }

    public string? UserName { get; init; }

    public string? Resource { get; init; }

    public bool? ReadOnly { get; init; }

    /// <summary>True: only refused or failed calls; false: only successful ones.</summary>
    public bool? Error { get; init; }

    public long? BeforeSequence { get; init; }

    /// <summary>Oldest first, continuing above <see cref="AfterSequence"/> (for export).</summary>
    public bool Ascending { get; init; }

    public long? AfterSequence { get; init; }

    public int Limit { get; init; } = 50;
}
