using System.Text.Json.Nodes;

namespace Crema.Client.Contracts;

/// <summary>The identity that made a call.</summary>
public sealed record AuditIdentityDto(string? UserName, string? AccessKeyId, string AuthMethod, bool MfaUsed);

/// <summary>One audit event as the API shows it, with its place in the hash chain.</summary>
public sealed record AuditEventDto
{
    public long Sequence { get; init; }
    public string EventId { get; init; } = "";
    public DateTimeOffset Time { get; init; }
    public string EventName { get; init; } = "";
    public string EventSource { get; init; } = "";
    public AuditIdentityDto Identity { get; init; } = new(null, null, "anonymous", false);
    public string? SourceAddress { get; init; }
    public string? UserAgent { get; init; }
    public JsonObject? RequestParameters { get; init; }
    public JsonObject? ResponseSummary { get; init; }
    public int? StatusCode { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public bool ReadOnly { get; init; }
    public bool DataEvent { get; init; }
    public IReadOnlyList<string> Resources { get; init; } = [];
    public string Hash { get; init; } = "";
    public string PreviousHash { get; init; } = "";
}

/// <summary>GET /api/v1/audit/events: newest first; pass <see cref="NextToken"/> back for the next page.</summary>
public sealed record AuditLookupResponse(IReadOnlyList<AuditEventDto> Events, string? NextToken);

/// <summary>A raw stored row for verification by a client that trusts only the public key.</summary>
public sealed record AuditRawEventDto(long Sequence, string Body, string Hash, string PreviousHash, string EventId, long TimeUnixMs, string EventName,
    string? UserName, bool ReadOnly, string? ErrorCode);

/// <summary>GET /api/v1/audit/raw.</summary>
public sealed record AuditRawResponse(IReadOnlyList<AuditRawEventDto> Events, long? NextSequence);

/// <summary>GET /api/v1/audit/digests: each digest's full JSON (as exported).</summary>
public sealed record AuditDigestsResponse(IReadOnlyList<JsonObject> Digests);

/// <summary>GET /api/v1/audit/public-key.</summary>
public sealed record AuditPublicKeyResponse(string KeyId, string Algorithm, string PublicKeyPem);

/// <summary>One problem verification found.</summary>
public sealed record AuditFindingDto(string Kind, long? Sequence, string? EventId, long? DigestSequence, string Message);

/// <summary>The verification report.</summary>
public sealed record AuditVerifyResponse(bool Ok, long EventsChecked, long DigestsChecked, long EventsNotYetDigested, IReadOnlyList<AuditFindingDto> Findings);

/// <summary>GET /api/v1/audit/proof/{eventId}: everything needed to check that one event is in a signed digest.</summary>
public sealed record AuditProofResponse(string EventBody, string EventHash, string PreviousHash, long LeafIndex, long TreeSize, IReadOnlyList<string> Proof,
    JsonObject Digest, string PublicKeyPem);

/// <summary>Which data events (metric reads and writes) are recorded; management events always are.</summary>
public sealed record AuditSettingsDto
{
    public bool? DataEventsRead { get; init; }
    public bool? DataEventsWrite { get; init; }

    /// <summary>Namespace patterns (with *) whose data events are recorded; empty: all namespaces.</summary>
    public IReadOnlyList<string>? DataEventNamespaces { get; init; }
}

/// <summary>An unusual call or error rate.</summary>
public sealed record AuditInsightDto(long Id, string EventName, string Kind, DateTimeOffset Start, DateTimeOffset? End, double Baseline, double Observed,
    JsonObject Details);

/// <summary>GET /api/v1/audit/insights.</summary>
public sealed record AuditInsightsResponse(IReadOnlyList<AuditInsightDto> Insights);
