using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Crema.Client.Contracts;

namespace Crema.Client;

/// <summary>A typed client for Crema's native JSON API (/api/v1).</summary>
public sealed partial class CremaClient
{
    private readonly HttpClient _http;

    /// <summary>Wraps <paramref name="http"/>; its BaseAddress must be the server's root URL.</summary>
    public CremaClient(HttpClient http) => _http = http;

    /// <summary>Creates a client for <paramref name="baseUrl"/> with its own HttpClient, sending <paramref name="credentials"/> when given.</summary>
    public static CremaClient Create(Uri baseUrl, TimeSpan? timeout = null, CremaCredentials? credentials = null)
    {
        var http = new HttpClient { BaseAddress = baseUrl, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("crema-cli/1.0");
        if (credentials is not null) http.DefaultRequestHeaders.Authorization = credentials.ToHeader();
        return new CremaClient(http);
    }

    public HttpClient Http => _http;

    /// <summary>Writes datums; returns once they are durable on the server.</summary>
    public async Task<PutMetricDataResponse> PutMetricDataAsync(PutMetricDataRequest request, CancellationToken ct = default)
    {
        using var resp = await _http.PostAsJsonAsync("api/v1/metrics", request, CremaJson.Options, ct).ConfigureAwait(false);
        return await ReadAsync<PutMetricDataResponse>(resp, ct).ConfigureAwait(false);
    }

    /// <summary>Runs metric queries and expressions (one page).</summary>
    public async Task<GetMetricDataResponse> GetMetricDataAsync(GetMetricDataRequest request, CancellationToken ct = default)
    {
        using var resp = await _http.PostAsJsonAsync("api/v1/metrics/query", request, CremaJson.Options, ct).ConfigureAwait(false);
        return await ReadAsync<GetMetricDataResponse>(resp, ct).ConfigureAwait(false);
    }

    /// <summary>Lists metrics, filtered by namespace, name and dimensions (Name=Value, or Name alone for any value).</summary>
    public async Task<ListMetricsResponse> ListMetricsAsync(string? ns = null, string? metricName = null,
        IEnumerable<string>? dimensions = null, string? nextToken = null, CancellationToken ct = default)
    {
        var q = new StringBuilder("api/v1/metrics?");
        Add(q, "namespace", ns);
        Add(q, "metricName", metricName);
        foreach (var d in dimensions ?? []) Add(q, "dimension", d);
        Add(q, "nextToken", nextToken);
        using var resp = await _http.GetAsync(new Uri(q.ToString(), UriKind.Relative), ct).ConfigureAwait(false);
        return await ReadAsync<ListMetricsResponse>(resp, ct).ConfigureAwait(false);
    }

    /// <summary>Statistics of one metric over a period.</summary>
    public async Task<GetMetricStatisticsResponse> GetMetricStatisticsAsync(string ns, string metricName,
        IEnumerable<string>? dimensions, DateTimeOffset start, DateTimeOffset end, int period,
        IEnumerable<string> statistics, CancellationToken ct = default)
    {
        var q = new StringBuilder("api/v1/metrics/statistics?");
        Add(q, "namespace", ns);
        Add(q, "metricName", metricName);
        foreach (var d in dimensions ?? []) Add(q, "dimension", d);
        Add(q, "startTime", start.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture));
        Add(q, "endTime", end.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture));
        Add(q, "period", period.ToString(CultureInfo.InvariantCulture));
        Add(q, "statistics", string.Join(',', statistics));
        using var resp = await _http.GetAsync(new Uri(q.ToString(), UriKind.Relative), ct).ConfigureAwait(false);
        return await ReadAsync<GetMetricStatisticsResponse>(resp, ct).ConfigureAwait(false);
    }

    /// <summary>True when /health answers 200.</summary>
    public async Task<bool> IsHealthyAsync(CancellationToken ct = default)
    {
        try
        {
            using var resp = await _http.GetAsync(new Uri("health", UriKind.Relative), ct).ConfigureAwait(false);
            return resp.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static void Add(StringBuilder q, string name, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        if (q[^1] != '?') q.Append('&');
        q.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage resp, CancellationToken ct)
    {
        if (resp.IsSuccessStatusCode)
        {
            var v = await resp.Content.ReadFromJsonAsync<T>(CremaJson.Options, ct).ConfigureAwait(false);
            return v ?? throw new CremaApiException((int)resp.StatusCode, null, "empty response body");
        }
        var text = await resp.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        ProblemDto? problem = null;
        try
        {
            problem = System.Text.Json.JsonSerializer.Deserialize<ProblemDto>(text, CremaJson.Options);
        }
        catch (System.Text.Json.JsonException)
        {
        }
        throw new CremaApiException((int)resp.StatusCode, problem, text.Length > 500 ? text[..500] : text);
    }
}
