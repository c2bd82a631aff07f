using Crema.Server.Hosting;
using Crema.Storage.Advisor;

namespace Crema.Server.Advisor;

/// <summary>Registers the advisor: options, store, snapshot builder and the scheduled service.</summary>
internal static class AdvisorServices
{
    /// <summary>The metadata database's file in the data directory (StorageHost opens and migrates it at start).</summary>
    private const string MetadataFileName = "crema.db";

    public static void Add(IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<AdvisorOptions>().Bind(config.GetSection(AdvisorOptions.Section)).Validate(o =>
        {
            o.Validate();
            return true;
        }).ValidateOnStart();
        services.AddSingleton<IAdvisorStore>(sp => SqliteAdvisorStore.Open(Path.Combine(sp.GetRequiredService<StorageHost>().DataDirectory, MetadataFileName)));
        services.AddSingleton<AdvisorSnapshotBuilder>();
        services.AddSingleton<AdvisorService>();
        services.AddHostedService(sp => sp.GetRequiredService<AdvisorService>());
    }
}
