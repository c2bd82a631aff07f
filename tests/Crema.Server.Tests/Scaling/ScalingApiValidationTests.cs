using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Tests.TestSupport;

namespace Crema.Server.Tests.Scaling;

/// <summary>Bad targets, policies and scheduled actions are refused as problem+json naming the field; viewers may look, not change.</summary>
public sealed class ScalingApiValidationTests : IAsyncLifetime
{
    private CremaTestServer _server = null!;

    public async Task InitializeAsync() => _server = await CremaTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("""{"minCapacity":5,"maxCapacity":2,"actuator":{"type":"webhook","url":"http://127.0.0.1:9/x"}}""", "MaxCapacity")]
    [InlineData("""{"minCapacity":1,"maxCapacity":2}""", "Actuator")]
    [InlineData("""{"minCapacity":1,"maxCapacity":2,"actuator":{"type":"webhook","url":"ftp://x/y"}}""", "Actuator.Url")]
    [InlineData("""{"minCapacity":1,"maxCapacity":2,"actuator":{"type":"command","command":"/bin/true"}}""", "Actuator.Type")]
    [InlineData("""{"minCapacity":1,"maxCapacity":2,"desiredCapacity":3,"actuator":{"type":"webhook","url":"http://127.0.0.1:9/x"}}""", "DesiredCapacity")]
    [InlineData("""{"maxCapacity":2,"actuator":{"type":"webhook","url":"http://127.0.0.1:9/x"}}""", "MinCapacity")]
    public async Task A_bad_target_is_refused_naming_the_field(string body, string field)
    {
        using var r = await _server.Http.PutAsync("api/v1/scaling/targets/bad", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await AssertProblemAsync(r, field);
        Assert.Empty((await _server.Client.ListScalableTargetsAsync()).Targets);
    }

    [Theory]
    [InlineData("""{"policyType":"Magic"}""", "PolicyType")]
    [InlineData("""{"policyType":"TargetTracking","targetTracking":{"targetValue":240,"metric":{"namespace":"CoffeeShop","metricName":"OrderWait","statistic":"p900"}}}""", "Metric.Statistic")]
    [InlineData("""{"policyType":"TargetTracking","targetTracking":{"targetValue":-1,"metric":{"namespace":"CoffeeShop","metricName":"OrderWait","statistic":"p90"}}}""", "TargetValue")]
    [InlineData("""{"policyType":"TargetTracking","targetTracking":{"targetValue":240,"scaleOutCooldown":100000,"metric":{"namespace":"CoffeeShop","metricName":"OrderWait","statistic":"p90"}}}""", "ScaleOutCooldown")]
    [InlineData("""{"policyType":"StepScaling","stepScaling":{"alarmName":"nope","stepAdjustments":[{"metricIntervalLowerBound":0,"scalingAdjustment":1}]}}""", "AlarmName")]
    [InlineData("""{"policyType":"StepScaling","stepScaling":{"alarmName":"nope","stepAdjustments":[{"metricIntervalLowerBound":0,"metricIntervalUpperBound":10,"scalingAdjustment":1},{"metricIntervalLowerBound":5,"scalingAdjustment":2}]}}""", "StepAdjustments[1]")]
    public async Task A_bad_policy_is_refused_naming_the_field(string body, string field)
    {
        await RegisterAsync();
        using var r = await _server.Http.PutAsync("api/v1/scaling/targets/t1/policies/p1", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await AssertProblemAsync(r, field);
        Assert.Empty((await _server.Client.ListScalingPoliciesAsync("t1")).Policies);
    }

    [Theory]
    [InlineData("""{"schedule":"cron(61 7 * * *)","desiredCapacity":2}""", "Schedule")]
    [InlineData("""{"schedule":"cron(0 7 * * *)","timeZone":"Mars/Olympus","desiredCapacity":2}""", "TimeZone")]
    [InlineData("""{"schedule":"cron(0 7 * * *)"}""", "ScalableTargetAction")]
    [InlineData("""{"schedule":"at(2025-03-10T07:00:00)","minCapacity":3,"maxCapacity":2}""", "MaxCapacity")]
    public async Task A_bad_scheduled_action_is_refused_naming_the_field(string body, string field)
    {
        await RegisterAsync();
        using var r = await _server.Http.PutAsync("api/v1/scaling/targets/t1/scheduled-actions/a1", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await AssertProblemAsync(r, field);
    }

    [Fact]
    public async Task A_viewer_may_describe_but_not_change_and_unknown_targets_are_404()
    {
        await RegisterAsync();
        var key = await _server.CreateKeyAsync("root", "viewer");
        using var viewer = _server.NewHttp(key.Key.AccessKeyId, key.SecretAccessKey);
        var client = new CremaClient(viewer);
        Assert.Single((await client.ListScalableTargetsAsync()).Targets);
        Assert.Equal(403, (await Assert.ThrowsAsync<CremaApiException>(() => client.SetDesiredCapacityAsync("t1", 2))).Status);
        Assert.Equal(403, (await Assert.ThrowsAsync<CremaApiException>(() => client.SuspendScalingAsync("t1"))).Status);
        Assert.Equal(403, (await Assert.ThrowsAsync<CremaApiException>(() => client.DeleteScalableTargetAsync("t1"))).Status);
        Assert.Equal(404, (await Assert.ThrowsAsync<CremaApiException>(() => _server.Client.GetScalableTargetAsync("nope"))).Status);

        // The secret is shown once: a second PUT changes the target but returns none.
        var again = await _server.Client.PutScalableTargetAsync("t1", new PutScalableTargetRequest { MaxCapacity = 3 });
        Assert.False(again.Created);
        Assert.Null(again.WebhookSecret);
        Assert.Equal((1, 3), (again.Target.MinCapacity, again.Target.MaxCapacity));
    }

    private Task RegisterAsync() => _server.Client.PutScalableTargetAsync("t1", new PutScalableTargetRequest
    {
        MinCapacity = 1,
        MaxCapacity = 2,
        Actuator = new ScalingActuatorDto { Type = "webhook", Url = "http://127.0.0.1:9/x" },
    });

    private static async Task AssertProblemAsync(HttpResponseMessage r, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await r.Content.ReadAsStringAsync())!.AsObject();
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"expected an error for {field}, got {problem.ToJsonString()}");
    }
}
