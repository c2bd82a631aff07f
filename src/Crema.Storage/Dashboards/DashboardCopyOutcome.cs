namespace Crema.Storage.Dashboards;

/// <summary>What a rename or duplicate did.</summary>
public enum DashboardCopyOutcome
{
    /// <summary>Done.</summary>
    Done,

    /// <summary>There is no dashboard of the source name.</summary>
    NotFound,

    /// <summary>A dashboard of the new name exists already; nothing changed.</summary>
    NameTaken,
}
