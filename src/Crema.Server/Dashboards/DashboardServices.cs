using Crema.Server.Hosting;
using Crema.Storage.Dashboards;

namespace Crema.Server.Dashboards;

/// <summary>Registers the dashboard store.</summary>
internal static class DashboardServices
{
    /// <summary>The metadata database's file in the data directory (StorageHost opens and migrates it at start).</summary>
    private const string MetadataFileName = "crema.db";

    public static void Add(IServiceCollection services) =>
        services.AddSingleton<IDashboardStore>(sp => SqliteDashboardStore.Open(Path.Combine(sp.GetRequiredService<StorageHost>().DataDirectory, MetadataFileName)));
}
