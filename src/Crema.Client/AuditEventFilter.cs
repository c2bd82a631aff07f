namespace Crema.Client;

/// <summary>Which audit events a lookup or export returns; null fields do not filter.</summary>
public sealed record AuditEventFilter
{
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public string? EventName { get; init; }
    public string? UserName { get; init; }

    /// <summary>A resource name such as users/alice; events that touched it.</summary>
    public string? Resource { get; init; }

    public bool? ReadOnly { get; init; }

    /// <summary>True: failed calls only; false: successful ones only.</summary>
    public bool? Error { get; init; }

    /// <summary>Events per lookup page (1–1000; the server's default is 50).</summary>
    public int? Limit { get; init; }
}
