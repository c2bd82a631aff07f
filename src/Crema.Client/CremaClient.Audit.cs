using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Crema.Client.Contracts;

namespace Crema.Client;

/// <summary>The audit trail: lookup, export, raw rows and digests for verification, proofs, settings and insights.</summary>
public sealed partial class CremaClient
{
    /// <summary>One page of events, newest first; pass the response's NextToken back for the next page.</summary>
    public Task<AuditLookupResponse> LookupAuditEventsAsync(AuditEventFilter? filter = null, string? nextToken = null, CancellationToken ct = default)
    {
        var q = new StringBuilder("api/v1/audit/events?");
        AddFilter(q, filter ?? new AuditEventFilter(), withLimit: true);
        Add(q, "nextToken", nextToken);
        return GetAsync<AuditLookupResponse>(q.ToString(), ct);
    }

    /// <summary>One event by its id.</summary>
    public Task<AuditEventDto> GetAuditEventAsync(string eventId, CancellationToken ct = default) =>
        GetAsync<AuditEventDto>("api/v1/audit/events/" + Segment(eventId), ct);

    /// <summary>The matching events oldest first, one JSON object per line, streamed as the server writes them.</summary>
    public async IAsyncEnumerable<string> ExportAuditEventsAsync(AuditEventFilter? filter = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var q = new StringBuilder("api/v1/audit/export?");
        AddFilter(q, filter ?? new AuditEventFilter(), withLimit: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(q.ToString(), UriKind.Relative));
        using var resp = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        await EnsureSuccessAsync(resp, ct).ConfigureAwait(false);
        var stream = await resp.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
            {
                if (line.Length > 0) yield return line;
            }
        }
    }

    /// <summary>Stored rows exactly as kept, from <paramref name="fromSequence"/> on (at most <paramref name="limit"/>, server default 5000).</summary>
    public Task<AuditRawResponse> ReadRawAuditEventsAsync(long fromSequence = 1, int? limit = null, CancellationToken ct = default)
    {
        var q = new StringBuilder("api/v1/audit/raw?");
        Add(q, "fromSequence", fromSequence.ToString(CultureInfo.InvariantCulture));
        Add(q, "limit", limit?.ToString(CultureInfo.InvariantCulture));
        return GetAsync<AuditRawResponse>(q.ToString(), ct);
    }

    /// <summary>Every signed digest's full JSON.</summary>
    public Task<AuditDigestsResponse> ListAuditDigestsAsync(CancellationToken ct = default) => GetAsync<AuditDigestsResponse>("api/v1/audit/digests", ct);

    /// <summary>Signs a digest of the events since the last one now; returns its JSON.</summary>
    public Task<JsonObject> CreateAuditDigestAsync(CancellationToken ct = default) => PostAsync<JsonObject>("api/v1/audit/digests", null, ct);

    /// <summary>The key digests are signed with.</summary>
    public Task<AuditPublicKeyResponse> GetAuditPublicKeyAsync(CancellationToken ct = default) => GetAsync<AuditPublicKeyResponse>("api/v1/audit/public-key", ct);

    /// <summary>Verification run by the server (with its own key); a client that trusts only the key verifies raw rows itself.</summary>
    public Task<AuditVerifyResponse> VerifyAuditTrailAsync(DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken ct = default)
    {
        var q = new StringBuilder("api/v1/audit/verify?");
        Add(q, "from", Iso(from));
        Add(q, "to", Iso(to));
        return PostAsync<AuditVerifyResponse>(q.ToString(), null, ct);
    }

    /// <summary>The inclusion proof of one event in a signed digest (LeafIndex -1 when not yet digested).</summary>
    public Task<AuditProofResponse> ProveAuditEventAsync(string eventId, CancellationToken ct = default) =>
        GetAsync<AuditProofResponse>("api/v1/audit/proof/" + Segment(eventId), ct);

    /// <summary>Which data events are recorded.</summary>
    public Task<AuditSettingsDto> GetAuditSettingsAsync(CancellationToken ct = default) => GetAsync<AuditSettingsDto>("api/v1/audit/settings", ct);

    /// <summary>Changes which data events are recorded (null fields stay as they are).</summary>
    public Task<AuditSettingsDto> UpdateAuditSettingsAsync(AuditSettingsDto change, CancellationToken ct = default) =>
        SendAsync<AuditSettingsDto>(HttpMethod.Put, "api/v1/audit/settings", change, ct);

    /// <summary>Unusual call or error rates in [from, to] (server default: the last 7 days).</summary>
    public Task<AuditInsightsResponse> ListAuditInsightsAsync(DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken ct = default)
    {
        var q = new StringBuilder("api/v1/audit/insights?");
        Add(q, "from", Iso(from));
        Add(q, "to", Iso(to));
        return GetAsync<AuditInsightsResponse>(q.ToString(), ct);
    }

    private static void AddFilter(StringBuilder q, AuditEventFilter f, bool withLimit)
    {
        Add(q, "from", Iso(f.From));
        Add(q, "to", Iso(f.To));
        Add(q, "eventName", f.EventName);
        Add(q, "userName", f.UserName);
        Add(q, "resource", f.Resource);
        Add(q, "readOnly", f.ReadOnly is { } r ? (r ? "true" : "false") : null);
        Add(q, "error", f.Error is { } e ? (e ? "true" : "false") : null);
        if (withLimit) Add(q, "limit", f.Limit?.ToString(CultureInfo.InvariantCulture));
    }

    private static string? Iso(DateTimeOffset? t) => t?.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture);
}
