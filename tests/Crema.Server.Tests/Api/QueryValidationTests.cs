using System.Net.Http.Json;
using Crema.Client;
using Crema.Server.Tests.TestSupport;
using static Crema.Server.Tests.TestSupport.QueryBuilder;

namespace Crema.Server.Tests.Api;

/// <summary>GetMetricStatistics and GetMetricData refuse bad parameters with a 400 naming the field and the rule (never a 500).</summary>
public sealed class QueryValidationTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static readonly DateTimeOffset Now = CremaTestServer.DefaultNow;

    private CremaTestServer Server => shared.Server;

    [Theory]
    [InlineData("metricName=Sold&startTime=2025-03-10T10:00:00Z&endTime=2025-03-10T11:00:00Z&period=60&statistics=Sum", "namespace", "is required")]
    [InlineData("namespace=Cafe&startTime=2025-03-10T10:00:00Z&endTime=2025-03-10T11:00:00Z&period=60&statistics=Sum", "metricName", "is required")]
    [InlineData("namespace=Cafe&metricName=Sold&startTime=2025-03-10T10:00:00Z&endTime=2025-03-10T11:00:00Z&period=45&statistics=Sum", "period", "multiple of 60 seconds (was 45)")]
    [InlineData("namespace=Cafe&metricName=Sold&startTime=2025-03-10T10:00:00Z&endTime=2025-03-10T11:00:00Z&period=60", "statistics", "at least one statistic is required")]
    [InlineData("namespace=Cafe&metricName=Sold&startTime=2025-03-10T10:00:00Z&endTime=2025-03-10T11:00:00Z&period=60&statistics=Median", "statistics", "'Median' is not a statistic")]
    [InlineData("namespace=Cafe&metricName=Sold&startTime=2025-03-10T11:00:00Z&endTime=2025-03-10T10:00:00Z&period=60&statistics=Sum", "endTime", "must be after startTime")]
    [InlineData("namespace=Cafe&metricName=Sold&startTime=soon&endTime=2025-03-10T10:00:00Z&period=60&statistics=Sum", "startTime", "'soon' is not an ISO-8601 time")]
    [InlineData("namespace=Cafe&metricName=Sold&dimension=Shop&startTime=2025-03-10T10:00:00Z&endTime=2025-03-10T11:00:00Z&period=60&statistics=Sum", "dimension", "must be Name=Value")]
    [InlineData("namespace=Cafe&metricName=Sold&startTime=2025-02-20T00:00:00Z&endTime=2025-03-10T12:00:00Z&period=1&statistics=Sum", "period", "at most 1000000 are allowed")]
    public async Task GetMetricStatistics_refuses_bad_parameters_by_name(string query, string field, string rule)
    {
        using var response = await Server.Http.GetAsync(new Uri("api/v1/metrics/statistics?" + query, UriKind.Relative));
        await ProblemAssert.IsValidationErrorAsync(response, field, rule);
    }

    [Fact]
    public async Task GetMetricData_over_too_many_periods_is_refused_naming_the_query()
    {
        using var response = await Server.Http.PostAsJsonAsync("api/v1/metrics/query",
            Request(Now.AddDays(-15), Now, null, Stat("ok", "Cafe", "Sold", "Sum", 3600), Stat("fine", "Cafe", "Sold", "Sum", 1)), CremaJson.Options);
        await ProblemAssert.IsValidationErrorAsync(response, "metricDataQueries[1].metricStat.period", "at most 1000000 are allowed");
    }

    [Fact]
    public async Task GetMetricData_without_times_or_queries_is_refused_by_field()
    {
        using var response = await Server.Http.PostAsJsonAsync("api/v1/metrics/query", new Crema.Client.Contracts.GetMetricDataRequest(), CremaJson.Options);
        var problem = await ProblemAssert.IsProblemAsync(response, 400);
        ProblemAssert.HasError(problem, "metricDataQueries", "at least one query is required");
        ProblemAssert.HasError(problem, "startTime", "is required");
        ProblemAssert.HasError(problem, "endTime", "is required");
    }

    [Fact]
    public async Task GetMetricData_with_an_unknown_ScanBy_is_refused()
    {
        using var response = await Server.Http.PostAsJsonAsync("api/v1/metrics/query",
            Request(Now.AddHours(-1), Now, "Sideways", Stat("m", "Cafe", "Sold", "Sum", 60)), CremaJson.Options);
        await ProblemAssert.IsValidationErrorAsync(response, "scanBy", "must be TimestampAscending or TimestampDescending");
    }
}
