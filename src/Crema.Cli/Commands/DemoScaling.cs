using System.Globalization;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Simulator;
using Crema.Simulator.Metrics;
using Crema.Simulator.Scaling;

namespace Crema.Cli.Commands;

/// <summary>
/// The demo's scaling: each shop's baristas are a scalable target whose webhook actuator is the simulator's listener,
/// with a target-tracking policy on p90 order wait and a weekday morning schedule. Made through the public API, as
/// `crema scaling …` would; the server has no special case for the demo.
/// </summary>
/// <remarks>Public so that the server's tests use the very definitions the demo makes.</remarks>
public static class DemoScaling
{
    /// <summary>The policy holds p90 order wait at 4 minutes, well under the wait alarm's 8.</summary>
    public const double TargetWaitSeconds = 240;

    /// <summary>A barista called in starts serving after this long (simulated time).</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromMinutes(3);

    public const string PolicyName = "order-wait-p90";

    /// <summary>The target name of one shop's baristas.</summary>
    public static string TargetName(string shop) => "baristas-" + shop;

    /// <summary>
    /// Registers every shop of <paramref name="simulation"/> (re-registering replaces the targets, so the listener gets fresh
    /// secrets), then sets each to the baristas on shift now, which hands the shop's staffing to scaling.
    /// </summary>
    public static async Task SetUpAsync(CremaClient admin, CoffeeShopSimulation simulation, ShopActuatorListener listener, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(admin);
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(listener);
        var zone = TimeZoneInfo.Local.HasIanaId ? TimeZoneInfo.Local.Id : "UTC";
        foreach (var shop in simulation.Shops)
        {
            var profile = shop.Profile;
            var name = TargetName(shop.Name);
            var rush = profile.RushShifts.Count == 0 ? profile.OffPeakBaristas : profile.RushShifts.Max(s => s.Baristas);
            var min = Math.Max(1, profile.OffPeakBaristas);
            var max = rush + 2;
            try
            {
                await admin.DeleteScalableTargetAsync(name, ct).ConfigureAwait(false);
            }
            catch (CremaApiException ex) when (ex.Status == 404)
            {
            }
            var now = Math.Clamp(shop.Staffing().Serving, min, max);
            var created = await admin.PutScalableTargetAsync(name, new PutScalableTargetRequest
            {
                Description = $"Baristas on shift at {shop.Name} (crema demo)",
                MinCapacity = min,
                MaxCapacity = max,
                DesiredCapacity = now,
                CapacityUnit = "baristas",
                Actuator = new ScalingActuatorDto { Type = "webhook", Url = listener.UrlOf(shop.Name).ToString(), TimeoutSeconds = 5 },
            }, ct).ConfigureAwait(false);
            listener.SetSecret(shop.Name, created.WebhookSecret!);
            await admin.PutScalingPolicyAsync(name, PolicyName, Policy(simulation.Options.Namespace, shop.Name), ct).ConfigureAwait(false);

            // Weekday mornings: at least the rush crew from the rush's start, back to the off-peak floor after it.
            var rushStart = profile.RushShifts.Count == 0 ? profile.Opens : profile.RushShifts.Min(s => s.From);
            var rushEnd = profile.RushShifts.Count == 0 ? profile.Opens.AddHours(2) : profile.RushShifts.Where(s => s.From == rushStart).Max(s => s.To);
            await admin.PutScheduledActionAsync(name, "weekday-morning-rush", new PutScheduledActionRequest
            {
                Schedule = Cron(rushStart),
                TimeZone = zone,
                MinCapacity = rush,
            }, ct).ConfigureAwait(false);
            await admin.PutScheduledActionAsync(name, "weekday-after-rush", new PutScheduledActionRequest
            {
                Schedule = Cron(rushEnd),
                TimeZone = zone,
                MinCapacity = min,
            }, ct).ConfigureAwait(false);
            await admin.SetDesiredCapacityAsync(name, now, "crema demo hands the shop's staffing to scaling", ct).ConfigureAwait(false);
        }
    }

    /// <summary>Target tracking on one shop's p90 order wait.</summary>
    public static PutScalingPolicyRequest Policy(string metricNamespace, string shop) => new()
    {
        PolicyType = "TargetTracking",
        TargetTracking = new TargetTrackingConfigurationDto
        {
            Metric = new ScalingMetricDto
            {
                Namespace = metricNamespace,
                MetricName = MetricNames.OrderWait,
                Dimensions = [new DimensionDto(MetricNames.ShopDimension, shop)],
                Statistic = "p90",
                Unit = "Seconds",
                Label = "Order wait p90",
            },
            TargetValue = TargetWaitSeconds,
            ScaleOutCooldown = 180,
            ScaleInCooldown = 900,
            Warmup = (int)WarmUp.TotalSeconds,
        },
    };

    private static string Cron(TimeOnly at) => string.Create(CultureInfo.InvariantCulture, $"cron({at.Minute} {at.Hour} * * MON-FRI)");
}
