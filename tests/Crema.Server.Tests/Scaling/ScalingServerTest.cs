using Crema.Server.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.Scaling;

/// <summary>A scaling test class's own server in fake time from <paramref name="start"/>, and a loopback actuator that first answers <paramref name="actualCapacity"/>.</summary>
public abstract class ScalingServerTest(DateTimeOffset start, int actualCapacity) : IAsyncLifetime
{
    /// <summary>The managed alarms of the "wait-p90" policy on "central-baristas".</summary>
    protected const string High = "TargetTracking-central-baristas-wait-p90-AlarmHigh", Low = "TargetTracking-central-baristas-wait-p90-AlarmLow";

    protected CremaTestServer Server { get; private set; } = null!;

    protected ActuatorReceiver Actuator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await CremaTestServer.StartAsync(null, new FakeTimeProvider(start));
        Actuator = await ActuatorReceiver.StartAsync(actualCapacity);
    }

    public async Task DisposeAsync()
    {
        await Actuator.DisposeAsync();
        await Server.DisposeAsync();
    }
}
