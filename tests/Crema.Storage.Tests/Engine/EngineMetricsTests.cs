using System.Diagnostics.Metrics;
using Crema.Core.Metrics;
using Crema.Storage.Engine;

namespace Crema.Storage.Tests.Engine;

public sealed class EngineMetricsTests
{
    [Fact]
    public async Task Appends_and_cuts_are_counted_on_the_storage_meter()
    {
        using var dir = new EngineTempDirectory();
        var engineDir = dir.Sub("metrics-" + Guid.NewGuid().ToString("N"));
        long appended = 0, cuts = 0;
        using var listener = new MeterListener();
        // Other test classes run engines in parallel and add to the same counters, hence "at least".
        listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == EngineMetrics.MeterName) l.EnableMeasurementEvents(i);
        };
        listener.SetMeasurementEventCallback<long>((i, v, _, _) =>
        {
            if (i.Name == "crema.storage.samples_appended") Interlocked.Add(ref appended, v);
            if (i.Name == "crema.storage.head_cuts") Interlocked.Add(ref cuts, v);
        });
        listener.Start();
        var time = EngineHarness.Clock();
        await using var engine = EngineHarness.Open(engineDir, time);
        var key = new SeriesKey("Meter", "M");
        await engine.AppendAsync([new SeriesWrite(key, 1, Enumerable.Range(0, 123).Select(i => Sample.Plain(EngineHarness.T0 - 1000 + i, i)).ToArray())]);
        await engine.CutHeadAsync(force: true, CancellationToken.None);
        Assert.True(Interlocked.Read(ref appended) >= 123);
        Assert.True(Interlocked.Read(ref cuts) >= 1);
    }
}
