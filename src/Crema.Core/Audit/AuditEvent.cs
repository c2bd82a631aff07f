using System.Text.Json.Nodes;

namespace Crema.Core.Audit;

/// <summary>One audited call: who did what, when, from where, with which parameters and result.</summary>
public sealed record AuditEvent
{
    /// <summary>The allowed values of <see cref="EventSource"/>.</summary>
    public static IReadOnlyList<string> EventSources { get; } = ["api", "console", "cli", "remote-write", "system"];

    /// <summary>Position in the log, 1, 2, 3… with no gaps; assigned by the store before the body is written.</summary>
    public long Sequence { get; init; }

    public string EventId { get; init; } = "";

    /// <summary>When the call happened; serialised as UTC with 100 ns precision.</summary>
    public DateTimeOffset Time { get; init; }

    public string EventName { get; init; } = "";

    /// <summary>One of <see cref="EventSources"/>.</summary>
    public string EventSource { get; init; } = "api";

    public AuditIdentity Identity { get; init; } = AuditIdentity.Anonymous;

    public string? SourceAddress { get; init; }

    public string? UserAgent { get; init; }

    /// <summary>Call parameters with secrets already removed by the recorder.</summary>
    public JsonObject? RequestParameters { get; init; }

    public JsonObject? ResponseSummary { get; init; }

    public int? StatusCode { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    public bool ReadOnly { get; init; }

    public bool DataEvent { get; init; }

    /// <summary>Names of the resources the call touched (alarm names, dashboards, users…).</summary>
    public IReadOnlyList<string> Resources { get; init; } = [];

    public static bool IsValidEventSource(string? value) => value is not null && AuditIdentity.Contains(EventSources, value);
}
