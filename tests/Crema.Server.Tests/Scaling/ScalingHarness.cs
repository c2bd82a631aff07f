using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Alarms;
using Crema.Server.Scaling;
using Crema.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Crema.Server.Tests.Scaling;

/// <summary>Shared set-up of the scaling tests: a target on a loopback actuator, a target-tracking policy on Central's p90 order wait.</summary>
internal static class ScalingHarness
{
    public static ScalingService Scaling(CremaTestServer server) => server.App.Services.GetRequiredService<ScalingService>();

    public static AlarmService Alarms(CremaTestServer server) => server.App.Services.GetRequiredService<AlarmService>();

    /// <summary>Registers <paramref name="name"/> on <paramref name="actuator"/> and hands the actuator its secret.</summary>
    public static async Task<PutScalableTargetResponse> RegisterAsync(CremaTestServer server, ActuatorReceiver actuator, string name, int min, int max, int desired,
        int timeoutSeconds = 5, bool protect = false)
    {
        var response = await server.Client.PutScalableTargetAsync(name, new PutScalableTargetRequest
        {
            MinCapacity = min,
            MaxCapacity = max,
            DesiredCapacity = desired,
            CapacityUnit = "baristas",
            ScaleInProtected = protect,
            Actuator = new ScalingActuatorDto { Type = "webhook", Url = actuator.Url, TimeoutSeconds = timeoutSeconds },
        });
        actuator.Secret = response.WebhookSecret;
        return response;
    }

    public static PutScalingPolicyRequest WaitPolicy(double target = 240, int scaleOutCooldown = 120, int warmup = 0) => new()
    {
        PolicyType = "TargetTracking",
        TargetTracking = new TargetTrackingConfigurationDto
        {
            Metric = new ScalingMetricDto
            {
                Namespace = "CoffeeShop",
                MetricName = "OrderWait",
                Dimensions = [new DimensionDto("Shop", "Central")],
                Statistic = "p90",
                Unit = "Seconds",
                Label = "Order wait p90",
            },
            TargetValue = target,
            ScaleOutCooldown = scaleOutCooldown,
            ScaleInCooldown = 600,
            Warmup = warmup,
        },
    };

    public static Task WaitAsync(CremaTestServer server, DateTimeOffset at, double seconds) =>
        server.Client.PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = "CoffeeShop",
            MetricData = [new MetricDatumDto { MetricName = "OrderWait", Dimensions = [new DimensionDto("Shop", "Central")], Value = seconds, Unit = "Seconds", Timestamp = at }],
        });

    /// <summary>Moves the fake clock, evaluates the alarms then runs the scaling round, as the two loops do.</summary>
    public static async Task TickAsync(CremaTestServer server, DateTimeOffset to)
    {
        server.Time.SetUtcNow(to);
        await Alarms(server).EvaluateDueAsync(to, CancellationToken.None);
        await Scaling(server).RunDueAsync(to, CancellationToken.None);
    }

    /// <summary>Moves the fake clock and runs the scaling round only (alarm states set by hand stay).</summary>
    public static async Task RunAsync(CremaTestServer server, DateTimeOffset to)
    {
        server.Time.SetUtcNow(to);
        await Scaling(server).RunDueAsync(to, CancellationToken.None);
    }

    public static async Task<IReadOnlyList<ScalingActivityDto>> ActivitiesAsync(CremaTestServer server, string target) =>
        (await server.Client.ListScalingActivitiesAsync(target, 100)).Activities;
}
