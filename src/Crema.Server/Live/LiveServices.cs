using Crema.Server.Hosting;
using Crema.Storage;

namespace Crema.Server.Live;

/// <summary>Registers the live hub and the sample store that notes acknowledged writes for it.</summary>
internal static class LiveServices
{
    /// <summary>Must run after the engine's own <see cref="ISampleStore"/> registration: the last registration is the one resolved.</summary>
    public static void Add(IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<LiveOptions>().Bind(config.GetSection(LiveOptions.Section)).Validate(o =>
        {
            o.Validate();
            return true;
        }).ValidateOnStart();
        services.AddSingleton<LiveHub>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveHub>());
        services.AddSingleton<ISampleStore>(sp => new LiveSampleStore(sp.GetRequiredService<StorageHost>().Engine, sp.GetRequiredService<LiveHub>()));
    }
}
