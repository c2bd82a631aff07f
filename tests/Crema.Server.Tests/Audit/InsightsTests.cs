using System.Net.Http.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Audit;
using Crema.Server.Tests.Security;
using Crema.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Crema.Server.Tests.Audit;

public sealed class InsightsTests : IAsyncLifetime
{
    private CremaTestServer _server = null!;

    public async Task InitializeAsync() => _server = await CremaTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_burst_of_failed_sign_ins_against_a_quiet_baseline_becomes_an_error_rate_insight_and_a_metric()
    {
        var insights = _server.App.Services.GetRequiredService<InsightsService>();

        // An hour of normal use: one or two good sign-ins a minute.
        for (var minute = 0; minute < 60; minute++)
        {
            for (var i = 0; i < 1 + (minute % 2); i++) await SecurityFixture.SignInAsync(_server.Anonymous, "root", CremaTestServer.RootPassword);
            _server.Time.Advance(TimeSpan.FromMinutes(1));
            Assert.Empty(await insights.EvaluateAsync(_server.Time.GetUtcNow(), CancellationToken.None));
        }

        // Someone tries passwords for several user names.
        for (var i = 0; i < 30; i++) await SecurityFixture.SignInAsync(_server.Anonymous, i % 3 == 0 ? "admin" : "root", "guess-" + i);
        _server.Time.Advance(TimeSpan.FromMinutes(1));
        await Task.Delay(200);
        var open = await insights.EvaluateAsync(_server.Time.GetUtcNow(), CancellationToken.None);
        var errorInsight = Assert.Single(open, i => i.EventName == "SignIn" && i.Kind == "ErrorRate");
        Assert.Equal(30, errorInsight.Observed);
        Assert.Equal(0, errorInsight.Baseline);
        Assert.Contains(open, i => i.EventName == "SignIn" && i.Kind == "CallRate");

        var listed = await _server.Http.GetFromJsonAsync<AuditInsightsResponse>("api/v1/audit/insights", CremaJson.Options);
        var dto = Assert.Single(listed!.Insights, i => i.Kind == "ErrorRate");
        var topUsers = dto.Details["topUsers"]!.AsArray();
        Assert.True(topUsers.Count == 2, dto.Details.ToJsonString());
        Assert.Equal("root", topUsers[0]!["value"]!.GetValue<string>());
        Assert.Equal(20, topUsers[0]!["count"]!.GetValue<int>());
        Assert.Equal("127.0.0.1", dto.Details["topSources"]![0]!["value"]!.GetValue<string>());

        // Published as a metric, so an alarm can notify.
        var metrics = await _server.Client.ListMetricsAsync(InsightsService.MetricNamespace, "InsightActive");
        Assert.Contains(metrics.Metrics!, m => m.Dimensions!.Any(d => d.Name == "Kind" && d.Value == "ErrorRate"));

        // A quiet minute ends it.
        _server.Time.Advance(TimeSpan.FromMinutes(1));
        var after = await insights.EvaluateAsync(_server.Time.GetUtcNow(), CancellationToken.None);
        Assert.DoesNotContain(after, i => i.Kind == "ErrorRate");
        var ended = await _server.Http.GetFromJsonAsync<AuditInsightsResponse>("api/v1/audit/insights", CremaJson.Options);
        Assert.NotNull(Assert.Single(ended!.Insights, i => i.Kind == "ErrorRate").End);
    }

    [Fact]
    public async Task A_burst_of_deletions_becomes_a_call_rate_insight_while_normal_creation_does_not()
    {
        var insights = _server.App.Services.GetRequiredService<InsightsService>();
        for (var minute = 0; minute < 30; minute++)
        {
            await _server.Http.PostAsJsonAsync("api/v1/keys", new CreateKeyRequest { Description = "k" + minute }, CremaJson.Options);
            _server.Time.Advance(TimeSpan.FromMinutes(1));
            Assert.Empty(await insights.EvaluateAsync(_server.Time.GetUtcNow(), CancellationToken.None));
        }

        var keys = await _server.Http.GetFromJsonAsync<ListKeysResponse>("api/v1/keys", CremaJson.Options);
        foreach (var key in keys!.Keys.Where(k => k.Description!.StartsWith('k')).Take(25))
        {
            await _server.Http.DeleteAsync($"api/v1/keys/{key.AccessKeyId}");
        }

        _server.Time.Advance(TimeSpan.FromMinutes(1));
        var open = await insights.EvaluateAsync(_server.Time.GetUtcNow(), CancellationToken.None);
        var insight = Assert.Single(open);
        Assert.Equal("DeleteKey", insight.EventName);
        Assert.Equal("CallRate", insight.Kind);
        Assert.Equal(25, insight.Observed);
    }

    [Theory]
    [InlineData(new double[] { 1, 2, 1, 2 }, 4, 1.5)]
    [InlineData(new double[] { 5 }, 10, 0)]
    [InlineData(new double[] { 100, 3, 3, 3, 3 }, 5, 3)]
    public void The_baseline_is_the_median_of_per_minute_counts_with_empty_minutes_as_zero(double[] counts, int minutes, double median)
    {
        var (m, sigma) = InsightsService.Baseline(counts, minutes);
        Assert.Equal(median, m);
        Assert.True(sigma >= 1);
    }
}
