namespace Crema.Server.Scaling;

/// <summary>Registers scaling: options, the actuator's HTTP client, the service (subscribed to alarm state changes) and its loop.</summary>
public static class ScalingServiceCollectionExtensions
{
    public static IServiceCollection AddScaling(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<ScalingOptions>().Bind(config.GetSection(ScalingOptions.Section));

        // No request logging and no redirects: an actuator answers itself, and its URL may carry a token.
        services.AddHttpClient(ScalingActuator.HttpClientName)
            .RemoveAllLoggers()
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5), UseCookies = false });
        services.AddSingleton<ScalingActuator>();
        services.AddSingleton<ScalingService>();
        services.AddHostedService(sp => sp.GetRequiredService<ScalingService>());
        return services;
    }

    /// <summary>Maps /api/v1/scaling and the guard that keeps users off the managed alarms.</summary>
    public static void MapScaling(WebApplication app) => ScalingEndpoints.MapScaling(app);
}
