namespace Crema.Storage.Dashboards;

/// <summary>Dashboards: named, validated JSON bodies (the metadata database's dashboards table).</summary>
public interface IDashboardStore
{
    /// <summary>Every dashboard without its body, by name (ordinal).</summary>
    Task<IReadOnlyList<DashboardListing>> ListAsync(CancellationToken ct = default);

    /// <summary>One dashboard with its body, or null.</summary>
    Task<DashboardRecord?> GetAsync(string name, CancellationToken ct = default);

    /// <summary>Creates or replaces a dashboard (a replaced one keeps its creation time); true when it is new.</summary>
    Task<bool> PutAsync(DashboardRecord dashboard, CancellationToken ct = default);

    /// <summary>Gives a dashboard a new name, in one transaction; the body is unchanged, the update time and author are set.</summary>
    Task<DashboardCopyOutcome> RenameAsync(string name, string newName, DateTimeOffset at, string by, CancellationToken ct = default);

    /// <summary>Copies a dashboard's body under a new name, in one transaction.</summary>
    Task<DashboardCopyOutcome> DuplicateAsync(string name, string newName, DateTimeOffset at, string by, CancellationToken ct = default);

    /// <summary>Deletes a dashboard; false when there was none of that name.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken ct = default);
}
