using Crema.Core.Metrics;
using Crema.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crema.Server.Tests.Scaling;

/// <summary>Each target's capacity is a per-minute gauge in Crema/Scaling, so a graph shows it between changes.</summary>
public sealed class CapacityGaugeTests() : ScalingServerTest(Start, 2)
{
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 10, 0, 30, TimeSpan.Zero);

    [Fact]
    public async Task Desired_and_actual_capacity_are_written_once_a_minute_at_the_minute()
    {
        await ScalingHarness.RegisterAsync(Server, Actuator, "tills", 1, 4, 2);
        foreach (var seconds in new[] { 0, 10, 40, 95, 150 }) await ScalingHarness.RunAsync(Server, Start.AddSeconds(seconds));

        var store = Server.App.Services.GetRequiredService<ISampleStore>();
        IReadOnlyList<Dimension> dims = [new Dimension("ScalableTarget", "tills")];
        var desired = store.ReadRaw(new SeriesKey("Crema/Scaling", "DesiredCapacity", dims), 0, Start.AddHours(1).ToUnixTimeMilliseconds());

        // Rounds at 10:00:30, :40, :01:10, :02:05 and :03:00 write the minutes 10:00, 10:01, 10:02 and 10:03, once each.
        var minutes = desired.Select(s => DateTimeOffset.FromUnixTimeMilliseconds(s.TimestampMs)).ToList();
        Assert.Equal([Start.AddSeconds(-30), Start.AddSeconds(30), Start.AddSeconds(90), Start.AddSeconds(150)], minutes);
        Assert.All(desired, s => Assert.Equal(2, s.Max));
    }
}
