using Crema.Client.Contracts;

namespace Crema.Client;

/// <summary>The advisor: checks, runs, results by pillar, history, exclusions and business resources.</summary>
public sealed partial class CremaClient
{
    /// <summary>Every check with its latest status.</summary>
    public Task<ListAdvisorChecksResponse> ListAdvisorChecksAsync(CancellationToken ct = default) =>
        GetAsync<ListAdvisorChecksResponse>("api/v1/advisor/checks", ct);

    /// <summary>Runs one check now, or every check when <paramref name="checkId"/> is null.</summary>
    public Task<RunAdvisorChecksResponse> RunAdvisorChecksAsync(string? checkId = null, CancellationToken ct = default) =>
        PostAsync<RunAdvisorChecksResponse>(checkId is null ? "api/v1/advisor/run" : "api/v1/advisor/checks/" + Segment(checkId) + "/run", null, ct);

    /// <summary>The summary per pillar and each check's latest result, optionally for one pillar.</summary>
    public Task<AdvisorResultsResponse> GetAdvisorResultsAsync(string? pillar = null, CancellationToken ct = default) =>
        GetAsync<AdvisorResultsResponse>(pillar is null ? "api/v1/advisor/results" : "api/v1/advisor/results?pillar=" + Uri.EscapeDataString(pillar), ct);

    /// <summary>A check's stored results, newest first.</summary>
    public Task<AdvisorHistoryResponse> GetAdvisorHistoryAsync(string checkId, CancellationToken ct = default) =>
        GetAsync<AdvisorHistoryResponse>("api/v1/advisor/checks/" + Segment(checkId) + "/history", ct);

    /// <summary>Every excluded item.</summary>
    public Task<ListAdvisorExclusionsResponse> ListAdvisorExclusionsAsync(CancellationToken ct = default) =>
        GetAsync<ListAdvisorExclusionsResponse>("api/v1/advisor/exclusions", ct);

    /// <summary>Excludes a flagged item from a check, with a reason.</summary>
    public Task<AdvisorExclusionDto> ExcludeAdvisorItemAsync(string checkId, string resourceId, string reason, CancellationToken ct = default) =>
        PostAsync<AdvisorExclusionDto>("api/v1/advisor/exclusions", new PutAdvisorExclusionRequest { CheckId = checkId, ResourceId = resourceId, Reason = reason }, ct);

    /// <summary>Counts an excluded item again.</summary>
    public Task DeleteAdvisorExclusionAsync(string checkId, string resourceId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, "api/v1/advisor/exclusions?checkId=" + Uri.EscapeDataString(checkId) + "&resourceId=" + Uri.EscapeDataString(resourceId), null, ct);

    /// <summary>Every business resource.</summary>
    public Task<ListAdvisorResourcesResponse> ListAdvisorResourcesAsync(CancellationToken ct = default) =>
        GetAsync<ListAdvisorResourcesResponse>("api/v1/advisor/resources", ct);

    /// <summary>One business resource.</summary>
    public Task<AdvisorResourceDto> GetAdvisorResourceAsync(string name, CancellationToken ct = default) =>
        GetAsync<AdvisorResourceDto>("api/v1/advisor/resources/" + Segment(name), ct);

    /// <summary>Creates or replaces a business resource.</summary>
    public Task<AdvisorResourceDto> PutAdvisorResourceAsync(string name, PutAdvisorResourceRequest request, CancellationToken ct = default) =>
        SendAsync<AdvisorResourceDto>(HttpMethod.Put, "api/v1/advisor/resources/" + Segment(name), request, ct);

    /// <summary>Deletes a business resource.</summary>
    public Task DeleteAdvisorResourceAsync(string name, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, "api/v1/advisor/resources/" + Segment(name), null, ct);
}
