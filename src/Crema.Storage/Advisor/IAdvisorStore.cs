namespace Crema.Storage.Advisor;

/// <summary>The advisor's business resources, check results with history, and exclusions (the metadata database's advisor tables).</summary>
public interface IAdvisorStore
{
    /// <summary>Every business resource, by name (ordinal).</summary>
    Task<IReadOnlyList<AdvisorResourceRecord>> ListResourcesAsync(CancellationToken ct = default);

    /// <summary>Creates or replaces a resource (a replaced one keeps its creation time); true when it is new.</summary>
    Task<bool> PutResourceAsync(AdvisorResourceRecord resource, CancellationToken ct = default);

    /// <summary>Deletes a resource; false when there was none of that name.</summary>
    Task<bool> DeleteResourceAsync(string name, CancellationToken ct = default);

    /// <summary>Stores a check's result and keeps only the newest <paramref name="keep"/> results of that check.</summary>
    Task AddResultAsync(AdvisorResultRecord result, int keep, CancellationToken ct = default);

    /// <summary>The newest result of each check that has one.</summary>
    Task<IReadOnlyList<AdvisorResultRecord>> LatestResultsAsync(CancellationToken ct = default);

    /// <summary>A check's results, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AdvisorResultRecord>> HistoryAsync(string checkId, int limit, CancellationToken ct = default);

    /// <summary>Every exclusion, by check and resource.</summary>
    Task<IReadOnlyList<AdvisorExclusionRecord>> ListExclusionsAsync(CancellationToken ct = default);

    /// <summary>Adds or replaces an exclusion; true when it is new.</summary>
    Task<bool> PutExclusionAsync(AdvisorExclusionRecord exclusion, CancellationToken ct = default);

    /// <summary>Removes an exclusion; false when there was none.</summary>
    Task<bool> DeleteExclusionAsync(string checkId, string resourceId, CancellationToken ct = default);
}
