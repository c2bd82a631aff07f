using Crema.Client;
using Crema.Server.Audit;
using Crema.Server.Metrics;
using Crema.Server.Security;
using Microsoft.AspNetCore.DataProtection;
using Crema.Storage;
using Crema.Storage.Engine;
using Crema.Storage.Metadata;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crema.Server.Hosting;

/// <summary>Builds the Crema server: configuration, services and endpoints.</summary>
public static class CremaServer
{
    /// <summary>The address the server listens on when none is configured: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8085";

    /// <summary>
    /// Creates the application from command-line flags (--data DIR, --urls URL), environment
    /// (CREMA_DATA, ASPNETCORE_URLS, Crema__*) and appsettings.json.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var extra = new Dictionary<string, string?>();
        if (Environment.GetEnvironmentVariable("CREMA_DATA") is { Length: > 0 } envData) extra["Crema:DataDirectory"] = envData;
        if (Environment.GetEnvironmentVariable("CREMA_ROOT_PASSWORD") is { Length: > 0 } envRoot) extra["Security:RootPassword"] = envRoot;
        builder.Configuration.AddInMemoryCollection(extra);
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
        {
            ["--data"] = "Crema:DataDirectory",
            ["--retention-raw"] = "Storage:RawRetention",
            ["--retention-1m"] = "Storage:OneMinuteRetention",
            ["--retention-1h"] = "Storage:OneHourRetention",
            ["--root-password"] = "Security:RootPassword",
            ["--digest-export"] = "Audit:DigestExportDirectory",
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 64L << 20);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(60));
        AddCrema(builder.Services, builder.Configuration);
        configure?.Invoke(builder);
        var app = builder.Build();
        MapCrema(app);
        return app;
    }

    /// <summary>Registers Crema's services.</summary>
    public static void AddCrema(IServiceCollection services, IConfiguration config)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<CremaOptions>().Bind(config.GetSection(CremaOptions.Section))
            .ValidateOnStart();
        services.AddOptions<EngineOptions>().Bind(config.GetSection("Storage"));
        services.AddSingleton<IValidateOptions<CremaOptions>, SelfValidating>();
        services.AddOptions<SecurityOptions>().Bind(config.GetSection(SecurityOptions.Section)).Validate(o => Check(o.Validate)).ValidateOnStart();
        services.AddOptions<AuditOptions>().Bind(config.GetSection(AuditOptions.Section)).Validate(o => Check(o.Validate)).ValidateOnStart();
        services.AddSingleton<StorageHost>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageHost>());
        services.AddSingleton<AuditRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditRecorder>());
        var dataDirectory = Path.GetFullPath(config[CremaOptions.Section + ":DataDirectory"] is { Length: > 0 } d ? d : new CremaOptions().DataDirectory);
        services.AddDataProtection().SetApplicationName("crema").PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));
        services.AddSingleton<IdentityService>();
        services.AddSingleton<Authenticator>();
        services.AddSingleton<AuditSettings>();
        services.AddSingleton<AuditSigningKey>();
        services.AddSingleton<DigestService>();
        services.AddSingleton<InsightsService>();
        Notifications.NotificationServiceCollectionExtensions.AddNotifications(services, config);
        services.AddSingleton<ISampleStore>(sp => sp.GetRequiredService<StorageHost>().Engine);
        services.AddSingleton<IMetadataDatabase>(sp => sp.GetRequiredService<StorageHost>().Metadata);
        services.AddSingleton<MetricUnitRegistry>();
        services.AddSingleton<MetricQueryService>();
        services.AddSingleton<Alarms.AlarmService>();
        services.AddHostedService(sp => sp.GetRequiredService<Alarms.AlarmService>());
        Scaling.ScalingServiceCollectionExtensions.AddScaling(services, config);
        services.AddHostedService<Alarms.AlarmNotifier>();
        services.AddSingleton<Alarms.CompositeAlarmService>();
        services.AddHostedService(sp => sp.GetRequiredService<Alarms.CompositeAlarmService>());
        services.AddSingleton<Alarms.MuteService>();
        Dashboards.DashboardServices.Add(services);
        Advisor.AdvisorServices.Add(services, config);
        Live.LiveServices.Add(services, config);
        services.AddSingleton<RemoteWrite.RemoteWriteBatchPool>();
        services.AddSingleton<RemoteWrite.RemoteMetadataRegistry>();
        services.AddHostedService<StartupTasks>();
        services.AddHostedService<StorageMaintenanceService>();
        services.AddHostedService<IdentityMaintenanceService>();
        services.AddHostedService(sp => sp.GetRequiredService<DigestService>());
        services.AddHostedService(sp => sp.GetRequiredService<InsightsService>());
        services.AddHttpClient();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = SecurityMiddleware.Customize);
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o => CremaJson.Configure(o.SerializerOptions));
    }

    /// <summary>Maps every endpoint.</summary>
    public static void MapCrema(WebApplication app)
    {
        WebConsole.ConsoleEndpoints.UseConsole(app);
        app.UseMiddleware<SecurityMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapGet("/health", (StorageHost storage) =>
        {
            var s = storage.Engine.GetStats();
            return Results.Ok(new { status = "ok", series = s.Series, headSamples = s.HeadSamples, blocks = s.Blocks });
        }).Public("Health", readOnly: true, dataEvent: true).WithTags("Server").WithSummary("Liveness: 200 when storage is open");
        app.MapMetrics();
        Alarms.AlarmEndpoints.MapAlarms(app);
        Alarms.CompositeAlarmEndpoints.MapCompositeAlarms(app);
        Alarms.MuteEndpoints.MapMutes(app);
        RemoteWrite.RemoteWriteEndpoint.MapRemoteWrite(app);
        app.MapAdmin();
        app.MapAuth();
        app.MapIdentity();
        app.MapAudit();
        Notifications.NotificationEndpoints.MapNotifications(app);
        Scaling.ScalingServiceCollectionExtensions.MapScaling(app);
        Dashboards.DashboardEndpoints.MapDashboards(app);
        Advisor.AdvisorEndpoints.MapAdvisor(app);
        Live.LiveEndpoints.MapLive(app);
    }

    private static bool Check(Action validate)
    {
        validate();
        return true;
    }

    /// <summary>Turns CremaOptions.Validate's message into the start-up failure message.</summary>
    private sealed class SelfValidating : IValidateOptions<CremaOptions>
    {
        public ValidateOptionsResult Validate(string? name, CremaOptions options)
        {
            try
            {
                options.Validate();
                return ValidateOptionsResult.Success;
            }
            catch (ArgumentException ex)
            {
                return ValidateOptionsResult.Fail(ex.Message);
            }
        }
    }
}
