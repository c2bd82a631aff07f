using System.Text;
using System.Text.Json;
using Crema.Client.Contracts;

namespace Crema.Client;

/// <summary>Dashboards: list, get, put (create or replace), rename, duplicate, delete.</summary>
public sealed partial class CremaClient
{
    /// <summary>Every dashboard the caller may list, without bodies.</summary>
    public Task<ListDashboardsResponse> ListDashboardsAsync(CancellationToken ct = default) =>
        GetAsync<ListDashboardsResponse>("api/v1/dashboards", ct);

    /// <summary>One dashboard with its body; a 404 <see cref="CremaApiException"/> when there is none of that name.</summary>
    public Task<DashboardDto> GetDashboardAsync(string name, CancellationToken ct = default) =>
        GetAsync<DashboardDto>(DashboardPath(name), ct);

    /// <summary>Creates or replaces a dashboard from a typed body.</summary>
    public Task<DashboardSummaryDto> PutDashboardAsync(string name, DashboardBodyDto body, CancellationToken ct = default) =>
        SendAsync<DashboardSummaryDto>(HttpMethod.Put, DashboardPath(name), body, ct);

    /// <summary>Creates or replaces a dashboard from the body's JSON text, sent as it is (an import).</summary>
    public async Task<DashboardSummaryDto> PutDashboardJsonAsync(string name, string bodyJson, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(bodyJson);
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(DashboardPath(name), UriKind.Relative))
        {
            Content = new StringContent(bodyJson, Encoding.UTF8, "application/json"),
        };
        using var resp = await _http.SendAsync(request, ct).ConfigureAwait(false);
        return await ReadAsync<DashboardSummaryDto>(resp, ct).ConfigureAwait(false);
    }

    /// <summary>Gives a dashboard a new name (409 when the new name is taken).</summary>
    public Task<DashboardSummaryDto> RenameDashboardAsync(string name, string newName, CancellationToken ct = default) =>
        PostAsync<DashboardSummaryDto>(DashboardPath(name) + "/rename", new DashboardNewNameRequest { NewName = newName }, ct);

    /// <summary>Copies a dashboard under a new name (409 when the new name is taken).</summary>
    public Task<DashboardSummaryDto> DuplicateDashboardAsync(string name, string newName, CancellationToken ct = default) =>
        PostAsync<DashboardSummaryDto>(DashboardPath(name) + "/duplicate", new DashboardNewNameRequest { NewName = newName }, ct);

    /// <summary>Deletes a dashboard; a 404 <see cref="CremaApiException"/> when there is none of that name.</summary>
    public Task DeleteDashboardAsync(string name, CancellationToken ct = default) => SendAsync(HttpMethod.Delete, DashboardPath(name), null, ct);

    /// <summary>The body of a dashboard as indented JSON text (what `crema dashboards get --out` writes).</summary>
    public static string FormatDashboardBody(DashboardDto dashboard)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        return dashboard.Body.ToJsonString(IndentedOptions);
    }

    private static readonly JsonSerializerOptions IndentedOptions = new(CremaJson.Options) { WriteIndented = true };

    private static string DashboardPath(string name) => "api/v1/dashboards/" + Segment(name);
}
