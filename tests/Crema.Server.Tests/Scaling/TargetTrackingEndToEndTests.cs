using System.Net;
using System.Net.Http.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Core.Metrics;
using Crema.Server.Tests.TestSupport;
using Crema.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.Scaling;

/// <summary>End to end in fake time: long waits → the managed high alarm → ALARM → a signed request to the actuator → baristas 2 → 3.</summary>
public sealed class TargetTrackingEndToEndTests() : ScalingServerTest(Start, 2)
{
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Breaching_order_waits_raise_the_managed_alarm_and_scale_out_with_a_cause_an_audit_event_and_scaling_metrics()
    {
        var created = await ScalingHarness.RegisterAsync(Server, Actuator, "central-baristas", 1, 5, 2);
        Assert.True(created.Created);
        Assert.StartsWith("whsec_", created.WebhookSecret, StringComparison.Ordinal);
        var policy = await Server.Client.PutScalingPolicyAsync("central-baristas", "wait-p90", ScalingHarness.WaitPolicy());
        Assert.Equal([High, Low], policy.Alarms.Select(a => a.AlarmName));
        Assert.All(policy.Alarms, a => Assert.True(a.Managed));

        // The managed alarms are real alarms: listed, with the thresholds AWS uses, and out of users' reach.
        var high = await Server.Client.Http.GetFromJsonAsync<MetricAlarmDto>("api/v1/alarms/" + High, CremaJson.Options);
        Assert.Equal((240.0, 3, "GreaterThanThreshold"), (high!.Threshold!.Value, high.EvaluationPeriods, high.ComparisonOperator));
        var low = await Server.Client.Http.GetFromJsonAsync<MetricAlarmDto>("api/v1/alarms/" + Low, CremaJson.Options);
        Assert.Equal((216.0, 15, "LessThanThreshold"), (low!.Threshold!.Value, low.EvaluationPeriods, low.ComparisonOperator));
        using (var put = await Server.Http.PutAsJsonAsync("api/v1/alarms/" + High, new PutMetricAlarmRequest { Namespace = "x" }, CremaJson.Options))
        {
            Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);
            Assert.Contains("managed by scaling policy 'wait-p90'", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var delete = await Server.Http.DeleteAsync("api/v1/alarms/" + Low))
        {
            Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        }

        // Waits of 6 minutes for three minutes: the high alarm (3 of 3 over 240 s) fires.
        for (var m = 0; m < 3; m++) await ScalingHarness.WaitAsync(Server, Start.AddMinutes(m).AddSeconds(30), 360);
        await ScalingHarness.TickAsync(Server, Start.AddMinutes(3).AddSeconds(3));
        Assert.Equal("ALARM", ScalingHarness.Alarms(Server).Describe(High)!.StateValue);

        var activity = Assert.Single(await ScalingHarness.ActivitiesAsync(Server, "central-baristas"));
        Assert.Equal(("ScaleOut", "Successful", 2, 3, "wait-p90"), (activity.Kind, activity.Status, activity.FromCapacity, activity.ToCapacity, activity.PolicyName));
        Assert.Equal("Order wait p90 6 min is above the 4 min target: baristas 2 → 3", activity.Cause);
        Assert.NotNull(activity.EndTime);

        // The actuator got one signed request for 3 with the activity's id and cause.
        var request = Assert.Single(Actuator.Requests);
        Assert.Equal(("POST", (int?)3, true, activity.ActivityId, activity.Cause), request);
        var target = await Server.Client.GetScalableTargetAsync("central-baristas");
        Assert.Equal((3, (int?)3, 0), (target.DesiredCapacity, target.ActualCapacity, target.FailedAttempts));

        // The same breach at the next period close is not answered twice (the new barista counts already).
        await ScalingHarness.WaitAsync(Server, Start.AddMinutes(3).AddSeconds(30), 360);
        await ScalingHarness.TickAsync(Server, Start.AddMinutes(4).AddSeconds(3));
        Assert.Single(await ScalingHarness.ActivitiesAsync(Server, "central-baristas"));

        // An audit event and Crema/Scaling datapoints record it.
        var audit = await Server.Client.LookupAuditEventsAsync(new AuditEventFilter { EventName = "ScalingActivity" });
        var e = Assert.Single(audit.Events);
        Assert.Equal("Successful", e.RequestParameters!["status"]!.GetValue<string>());
        Assert.Equal(activity.Cause, e.RequestParameters!["cause"]!.GetValue<string>());
        var store = Server.App.Services.GetRequiredService<ISampleStore>();
        var key = new SeriesKey("Crema/Scaling", "DesiredCapacity", [new Dimension("ScalableTarget", "central-baristas")]);
        var samples = store.ReadRaw(key, Start.ToUnixTimeMilliseconds(), Start.AddHours(1).ToUnixTimeMilliseconds());
        Assert.Equal(3, samples[^1].Max);
        var count = store.ReadRaw(new SeriesKey("Crema/Scaling", "Activities", [new Dimension("ScalableTarget", "central-baristas")]), 0, Start.AddHours(1).ToUnixTimeMilliseconds());
        Assert.Equal(1, count.Sum(s => s.Sum));

        // Deleting the policy deletes its alarms.
        await Server.Client.DeleteScalingPolicyAsync("central-baristas", "wait-p90");
        Assert.Null(ScalingHarness.Alarms(Server).Describe(High));
        Assert.Null(ScalingHarness.Alarms(Server).Describe(Low));
    }

    [Fact]
    public async Task A_larger_breach_scales_out_further_and_never_beyond_the_maximum()
    {
        await ScalingHarness.RegisterAsync(Server, Actuator, "central-baristas", 1, 4, 2);
        await Server.Client.PutScalingPolicyAsync("central-baristas", "wait-p90", ScalingHarness.WaitPolicy());

        // 15 minutes against a 4 minute target would want 2 × 15 / 4 → 8 baristas; the maximum is 4.
        for (var m = 0; m < 3; m++) await ScalingHarness.WaitAsync(Server, Start.AddMinutes(m).AddSeconds(30), 900);
        await ScalingHarness.TickAsync(Server, Start.AddMinutes(3).AddSeconds(3));
        var activity = Assert.Single(await ScalingHarness.ActivitiesAsync(Server, "central-baristas"));
        Assert.Equal((2, 4), (activity.FromCapacity, activity.ToCapacity));
        Assert.Contains("(capped at the maximum of 4)", activity.Cause, StringComparison.Ordinal);
        Assert.All(Actuator.Requests, r => Assert.InRange(r.Desired!.Value, 1, 4));
    }
}
