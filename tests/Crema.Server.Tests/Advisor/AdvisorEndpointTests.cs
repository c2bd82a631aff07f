using System.Net;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Tests.Security;
using Crema.Server.Tests.TestSupport;

namespace Crema.Server.Tests.Advisor;

/// <summary>/api/v1/advisor against a real server: real situations turn checks red, fixing them turns them green, exclusions, resources and savings.</summary>
public sealed class AdvisorEndpointTests
{
    private static async Task<AdvisorCheckResultDto> ResultOfAsync(CremaClient client, string checkId) =>
        (await client.GetAdvisorResultsAsync()).Checks.Single(c => c.CheckId == checkId);

    [Fact]
    public async Task Root_with_a_key_and_an_alarm_without_actions_are_flagged_and_fixing_them_turns_the_checks_green()
    {
        await using var server = await CremaTestServer.StartAsync();
        await server.Client.PutMetricAlarmAsync("quiet-alarm", new PutMetricAlarmRequest
        {
            Namespace = "AdvisorShop", MetricName = "OrderWait", Statistic = "Average", Period = 60, EvaluationPeriods = 1, Threshold = 480, ComparisonOperator = ">",
        });

        var run = await server.Client.RunAdvisorChecksAsync();
        Assert.True(run.Results.Count >= 12, $"{run.Results.Count} results");
        var rootKeys = await ResultOfAsync(server.Client, "security-root-keys");
        Assert.Equal("Red", rootKeys.Status);
        Assert.Contains(rootKeys.Items, i => i.ResourceId == server.AdminKey.Key.AccessKeyId);
        Assert.Equal("Red", (await ResultOfAsync(server.Client, "security-root-mfa")).Status);
        var quiet = await ResultOfAsync(server.Client, "operational-excellence-alarms-without-actions");
        Assert.Equal(("Yellow", "quiet-alarm"), (quiet.Status, Assert.Single(quiet.Items).ResourceId));
        var checks = (await server.Client.ListAdvisorChecksAsync()).Checks;
        Assert.Equal("Red", checks.Single(c => c.Id == "security-root-keys").Status);
        var security = (await server.Client.GetAdvisorResultsAsync("Security")).Pillars.Single();
        Assert.True(security.Red >= 2, $"security red {security.Red}");

        // The fix: an administrator of its own with a key does the work, root's keys go, the alarm gets an action.
        await SecurityFixture.CreateUserAsync(server, "ops", "admin");
        var opsKey = await server.CreateKeyAsync("ops");
        var ops = new CremaClient(server.NewHttp(opsKey.Key.AccessKeyId, opsKey.SecretAccessKey));
        foreach (var key in rootKeys.Items) await ops.DeleteKeyAsync(key.ResourceId);
        await ops.CreateTopicAsync(new CreateTopicRequest { Name = "shop-alerts" });
        await ops.PutMetricAlarmAsync("quiet-alarm", new PutMetricAlarmRequest
        {
            Namespace = "AdvisorShop", MetricName = "OrderWait", Statistic = "Average", Period = 60, EvaluationPeriods = 1, Threshold = 480, ComparisonOperator = ">",
            AlarmActions = ["shop-alerts"],
        });

        server.Time.Advance(TimeSpan.FromMinutes(1));
        var after = (await ops.RunAdvisorChecksAsync("security-root-keys")).Results.Single();
        Assert.Equal(("Green", 0), (after.Status, after.Items.Count));
        await ops.RunAdvisorChecksAsync("operational-excellence-alarms-without-actions");
        Assert.Equal("Green", (await ResultOfAsync(ops, "operational-excellence-alarms-without-actions")).Status);
        var adminMfa = await ResultOfAsync(ops, "security-admin-mfa");
        Assert.Equal("security-admin-mfa", adminMfa.CheckId);

        var history = (await ops.GetAdvisorHistoryAsync("security-root-keys")).Results;
        Assert.Equal(["Green", "Red"], history.Take(2).Select(h => h.Status));
        Assert.True(history[0].RanAt > history[1].RanAt);
    }

    [Fact]
    public async Task An_idle_business_resource_is_red_with_its_monthly_saving_and_resources_can_be_listed_changed_and_deleted()
    {
        await using var server = await CremaTestServer.StartAsync();
        var put = await server.Client.PutAdvisorResourceAsync("grinder-2", new PutAdvisorResourceRequest
        {
            Kind = "grinder", Cost = 0.5m, CostPeriod = "hour", Currency = "eur", Namespace = "AdvisorCafe", MetricName = "GramsPerHour",
            Dimensions = new Dictionary<string, string> { ["Shop"] = "central" }, Capacity = 2000,
        });
        Assert.Equal((365m, "EUR"), (put.MonthlyCost, put.Currency));

        // One reading a day for 14 days: 3 % of capacity on 11 days, 60 % on 3.
        var data = new List<MetricDatumDto>();
        for (var d = 0; d < 14; d++)
        {
            data.Add(new MetricDatumDto
            {
                MetricName = "GramsPerHour", Dimensions = [new DimensionDto("Shop", "central")], Timestamp = server.Time.GetUtcNow().AddDays(-d).AddHours(-1),
                Value = d < 11 ? 60 : 1200,
            });
        }

        await server.PutAsync("AdvisorCafe", data);
        var result = (await server.Client.RunAdvisorChecksAsync("cost-idle-resources")).Results.Single();
        var item = Assert.Single(result.Items);
        Assert.Equal(("Red", "grinder-2", "EUR"), (result.Status, item.ResourceId, item.Currency));
        Assert.Equal(decimal.Round(365m * 11 / 14, 2), item.MonthlySaving);
        Assert.Contains("on 11 of the last 14 days", item.Details, StringComparison.Ordinal);
        var cost = (await server.Client.GetAdvisorResultsAsync("CostOptimization")).Pillars.Single();
        Assert.Equal((1, item.MonthlySaving), (cost.Red, (decimal?)cost.MonthlySaving));

        Assert.Equal(["grinder-2"], (await server.Client.ListAdvisorResourcesAsync()).Resources.Select(r => r.Name));
        var changed = await server.Client.PutAdvisorResourceAsync("grinder-2", new PutAdvisorResourceRequest
        {
            Kind = "grinder", Cost = 300, Currency = "EUR", Namespace = "AdvisorCafe", MetricName = "GramsPerHour", Capacity = 2000,
        });
        Assert.Equal((300m, "month", put.CreatedAt), (changed.MonthlyCost, changed.CostPeriod, changed.CreatedAt));
        await server.Client.DeleteAdvisorResourceAsync("grinder-2");
        var gone = await Assert.ThrowsAsync<CremaApiException>(() => server.Client.GetAdvisorResourceAsync("grinder-2"));
        Assert.Equal((int)HttpStatusCode.NotFound, gone.Status);

        var bad = await Assert.ThrowsAsync<CremaApiException>(() => server.Client.PutAdvisorResourceAsync("x", new PutAdvisorResourceRequest { Kind = "barista", Cost = -1, CostPeriod = "week" }));
        Assert.Equal((int)HttpStatusCode.BadRequest, bad.Status);
        foreach (var field in new[] { "cost", "costPeriod", "currency", "namespace", "metricName", "capacity" }) Assert.Contains(field, bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_excluded_item_stops_counting_is_shown_apart_with_its_reason_and_a_viewer_may_read_but_not_run()
    {
        await using var server = await CremaTestServer.StartAsync();
        await server.Client.RunAdvisorChecksAsync("security-root-mfa");
        Assert.Equal("Red", (await ResultOfAsync(server.Client, "security-root-mfa")).Status);

        var excluded = await server.Client.ExcludeAdvisorItemAsync("security-root-mfa", "root", "break-glass account kept in the safe");
        Assert.Equal("root", excluded.CreatedBy);
        var now = await ResultOfAsync(server.Client, "security-root-mfa");
        Assert.Equal(("Green", 0), (now.Status, now.Items.Count));
        Assert.Equal("break-glass account kept in the safe", Assert.Single(now.ExcludedItems).ExclusionReason);
        Assert.Single((await server.Client.ListAdvisorExclusionsAsync()).Exclusions);
        var audit = await server.Client.LookupAuditEventsAsync(new AuditEventFilter { EventName = "ExcludeAdvisorItem" });
        Assert.NotEmpty(audit.Events);

        await server.Client.DeleteAdvisorExclusionAsync("security-root-mfa", "root");
        Assert.Equal("Red", (await ResultOfAsync(server.Client, "security-root-mfa")).Status);
        var missing = await Assert.ThrowsAsync<CremaApiException>(() => server.Client.DeleteAdvisorExclusionAsync("security-root-mfa", "root"));
        Assert.Equal((int)HttpStatusCode.NotFound, missing.Status);
        var noCheck = await Assert.ThrowsAsync<CremaApiException>(() => server.Client.RunAdvisorChecksAsync("no-such-check"));
        Assert.Equal((int)HttpStatusCode.NotFound, noCheck.Status);

        await SecurityFixture.CreateUserAsync(server, "vera", "viewer");
        var viewer = new CremaClient(await SecurityFixture.KeyClientAsync(server, "vera"));
        Assert.NotEmpty((await viewer.ListAdvisorChecksAsync()).Checks);
        var denied = await Assert.ThrowsAsync<CremaApiException>(() => viewer.RunAdvisorChecksAsync());
        Assert.Equal((int)HttpStatusCode.Forbidden, denied.Status);
        var deniedExclude = await Assert.ThrowsAsync<CremaApiException>(() => viewer.ExcludeAdvisorItemAsync("security-root-mfa", "root", "no"));
        Assert.Equal((int)HttpStatusCode.Forbidden, deniedExclude.Status);
    }

    [Fact]
    public async Task The_schedule_runs_every_check_again_when_the_interval_has_passed()
    {
        await using var server = await CremaTestServer.StartAsync();
        // The run at start may still be under way; wait for it to be stored.
        var before = await HistoryCountAsync(server, 1);
        server.Time.Advance(TimeSpan.FromHours(1));
        var after = await HistoryCountAsync(server, before + 1);
        Assert.Equal(before + 1, after);
        var results = (await server.Client.GetAdvisorResultsAsync()).Checks;
        Assert.All(results, r => Assert.Equal(server.Time.GetUtcNow(), r.RanAt));
    }

    private static async Task<int> HistoryCountAsync(CremaTestServer server, int atLeast)
    {
        for (var i = 0; i < 200; i++)
        {
            var n = (await server.Client.GetAdvisorHistoryAsync("operational-excellence-endless-mutes")).Results.Count;
            if (n >= atLeast) return n;
            await Task.Delay(25);
        }

        throw new TimeoutException($"the advisor did not run (expected {atLeast} results)");
    }
}
