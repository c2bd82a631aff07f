using Microsoft.Extensions.Http.Logging;

namespace Crema.Server.Notifications;

/// <summary>Registers topics, subscriptions and the delivery loop.</summary>
public static class NotificationServiceCollectionExtensions
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<NotificationOptions>().Bind(config.GetSection(NotificationOptions.Section)).Validate(o =>
        {
            o.Validate();
            return true;
        }).ValidateOnStart();

        // No request logging (a Slack URL in a log line is a leaked credential) and no redirects (a receiver must answer itself).
        services.AddHttpClient(NotificationPublisher.HttpClientName)
            .RemoveAllLoggers()
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5), UseCookies = false });
        services.AddSingleton<NotificationPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationPublisher>());
        services.AddSingleton<NotificationService>();
        return services;
    }
}
