using System.Globalization;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Simulator;
using Crema.Simulator.Engine;
using Crema.Simulator.Metrics;

namespace Crema.Cli.Commands;

/// <summary>
/// The demo's business resources for the advisor: each shop's espresso machine (use: coffees sold) and its barista crew
/// (use: baristas on shift), with costs in EUR; once the simulation has caught up with now, every check runs once.
/// Put through the public API, so a re-run replaces them.
/// </summary>
public sealed class DemoAdvisor(CremaClient client, CoffeeShopSimulation simulation)
{
    /// <summary>A barista's cost to the shop per hour worked (wage and employer's share), in EUR.</summary>
    public const decimal BaristaHourlyCost = 17.40m;

    public const string Currency = "EUR";

    /// <summary>The resource name of a shop's espresso machine.</summary>
    public static string MachineName(string shop) => "espresso-machine-" + Slug(shop);

    /// <summary>The resource name of a shop's barista crew.</summary>
    public static string CrewName(string shop) => "baristas-" + Slug(shop);

    /// <summary>Every demo resource: one espresso machine and one barista crew per shop.</summary>
    public static IEnumerable<(string Name, PutAdvisorResourceRequest Body)> Definitions(SimulatorOptions options, IReadOnlyList<ShopSimulator> shops)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(shops);
        var perInterval = options.EmitInterval.TotalSeconds / 60;
        foreach (var shop in shops)
        {
            var p = shop.Profile;
            var dims = new Dictionary<string, string> { [MetricNames.ShopDimension] = shop.Name };

            // The big shops lease a three-group machine, the others a two-group one. At full tilt (double spouts) a group
            // makes about 8 drinks a minute; the capacity is drinks per emit interval, the period the simulator counts sales in.
            var (groups, lease, perMinute) = p.SizeFactor >= 0.9 ? (3, 540m, 24.0) : (2, 385m, 15.0);
            yield return (MachineName(shop.Name), new PutAdvisorResourceRequest
            {
                Kind = groups.ToString(CultureInfo.InvariantCulture) + "-group espresso machine",
                Cost = lease,
                CostPeriod = "month",
                Currency = Currency,
                Namespace = options.Namespace,
                MetricName = MetricNames.CoffeesSold,
                Dimensions = dims,
                Capacity = Math.Round(perMinute * perInterval, 3),
            });

            // The crew the shop can call in at most (the scaling target's maximum), paid per opening hour
            // spread over the day: the hourly cost counts every hour of the month.
            var rush = p.RushShifts.Count == 0 ? p.OffPeakBaristas : p.RushShifts.Max(s => s.Baristas);
            var crew = rush + 2;
            var openShare = (decimal)(p.Closes - p.Opens).TotalHours / 24;
            yield return (CrewName(shop.Name), new PutAdvisorResourceRequest
            {
                Kind = "barista crew",
                Cost = decimal.Round(BaristaHourlyCost * crew * openShare, 2),
                CostPeriod = "hour",
                Currency = Currency,
                Namespace = options.Namespace,
                MetricName = MetricNames.BaristasOnShift,
                Dimensions = dims,
                Capacity = crew,
            });
        }
    }

    /// <summary>Creates or replaces the resources, then runs the checks in the background once the shops' data is in.</summary>
    public async Task SetUpAsync(CancellationToken ct)
    {
        foreach (var (name, body) in Definitions(simulation.Options, simulation.Shops))
            await client.PutAdvisorResourceAsync(name, body, ct).ConfigureAwait(false);
        _ = Task.Run(() => RunWhenCaughtUpAsync(ct), ct);
    }

    /// <summary>Waits until the simulated clock has caught up with now (and its last batches are sent), then runs every check once.</summary>
    private async Task RunWhenCaughtUpAsync(CancellationToken ct)
    {
        try
        {
            // Checks run earlier would judge the resources on a half-written day.
            while (simulation.Clock.IsCatchingUp(TimeProvider.System.GetUtcNow()))
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
            await Task.Delay(simulation.Options.EmitInterval * 2 + TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
            await client.RunAdvisorChecksAsync(null, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or CremaApiException or HttpRequestException)
        {
            // The demo is stopping, or the server said no: the checks still run on their own schedule.
        }
    }

    private static string Slug(string shop) => shop.ToLowerInvariant().Replace(' ', '-');
}
