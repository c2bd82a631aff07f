using System.Net.Http.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Tests.TestSupport;
using static Crema.Server.Tests.TestSupport.QueryBuilder;

namespace Crema.Server.Tests.Api;

/// <summary>GetMetricData pages by datapoints: PartialData and NextToken while more follows, pages that join up to the unpaged answer.</summary>
public sealed class GetMetricDataPaginationTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static readonly DateTimeOffset T0 = CremaTestServer.DefaultNow.AddHours(-3);
    private static readonly DateTimeOffset T1 = T0.AddMinutes(20);

    private CremaTestServer Server => shared.Server;

    [Fact]
    public async Task Seven_points_a_page_over_twenty_gives_three_pages_that_join_to_the_whole()
    {
        const string ns = "Pages";
        await SeedMinutesAsync(ns, "Sold", 20);
        var request = Request(T0, T1, null, Stat("m", ns, "Sold", "Sum", 60));
        var whole = Assert.Single((await Server.Client.GetMetricDataAsync(request)).MetricDataResults);
        Assert.Equal(20, whole.Values.Count);
        Assert.Equal("Complete", whole.StatusCode);

        var pages = await ReadAllPagesAsync(request with { MaxDatapoints = 7 });

        Assert.Equal(3, pages.Count);
        Assert.Equal([7, 7, 6], pages.Select(p => Assert.Single(p.MetricDataResults).Values.Count));
        Assert.All(pages.Take(2), p =>
        {
            Assert.NotNull(p.NextToken);
            Assert.Equal("PartialData", p.MetricDataResults[0].StatusCode);
        });
        Assert.Null(pages[2].NextToken);
        Assert.Equal("Complete", pages[2].MetricDataResults[0].StatusCode);
        Assert.Equal(whole.Timestamps, pages.SelectMany(p => p.MetricDataResults[0].Timestamps));
        Assert.Equal(whole.Values, pages.SelectMany(p => p.MetricDataResults[0].Values));
    }

    [Fact]
    public async Task Pages_over_several_results_join_to_each_result()
    {
        const string ns = "MultiPages";
        await SeedMinutesAsync(ns, "Sold", 20);
        await SeedMinutesAsync(ns, "Waited", 5);
        var request = Request(T0, T1, "TimestampAscending",
            Stat("s", ns, "Sold", "Sum", 60), Stat("w", ns, "Waited", "Maximum", 60), Expr("e", "s*3"));
        var whole = (await Server.Client.GetMetricDataAsync(request)).MetricDataResults;
        Assert.Equal([20, 5, 20], whole.Select(r => r.Values.Count));

        var pages = await ReadAllPagesAsync(request with { MaxDatapoints = 7 });

        Assert.Equal(7, pages.Count);
        Assert.All(pages, p => Assert.True(p.MetricDataResults.Sum(r => r.Values.Count) <= 7));
        foreach (var w in whole)
        {
            var parts = pages.SelectMany(p => p.MetricDataResults).Where(r => r.Id == w.Id).ToList();
            Assert.Equal(w.Timestamps, parts.SelectMany(r => r.Timestamps));
            Assert.Equal(w.Values, parts.SelectMany(r => r.Values));
            // Only the last part of a result says Complete.
            Assert.All(parts.SkipLast(1), r => Assert.Equal("PartialData", r.StatusCode));
            Assert.Equal("Complete", parts[^1].StatusCode);
        }
    }

    [Fact]
    public async Task A_NextToken_from_another_query_is_refused()
    {
        const string ns = "Foreign";
        await SeedMinutesAsync(ns, "Sold", 20);
        var first = await Server.Client.GetMetricDataAsync(Request(T0, T1, null, Stat("m", ns, "Sold", "Sum", 60)) with { MaxDatapoints = 5 });
        Assert.NotNull(first.NextToken);

        foreach (var other in new[]
        {
            Request(T0, T1, null, Stat("m", ns, "Sold", "Maximum", 60)),
            Request(T0, T1.AddMinutes(1), null, Stat("m", ns, "Sold", "Sum", 60)),
            Request(T0, T1, "TimestampAscending", Stat("m", ns, "Sold", "Sum", 60)),
        })
        {
            using var response = await Server.Http.PostAsJsonAsync("api/v1/metrics/query", other with { MaxDatapoints = 5, NextToken = first.NextToken }, CremaJson.Options);
            await ProblemAssert.IsValidationErrorAsync(response, "nextToken", "is not a token from this query");
        }

        using var garbage = await Server.Http.PostAsJsonAsync("api/v1/metrics/query",
            Request(T0, T1, null, Stat("m", ns, "Sold", "Sum", 60)) with { NextToken = "not-a-token" }, CremaJson.Options);
        await ProblemAssert.IsValidationErrorAsync(garbage, "nextToken", "is not a token from this query");
    }

    [Fact]
    public async Task MaxDatapoints_out_of_range_is_refused()
    {
        using var response = await Server.Http.PostAsJsonAsync("api/v1/metrics/query",
            Request(T0, T1, null, Stat("m", "Any", "Sold", "Sum", 60)) with { MaxDatapoints = 0 }, CremaJson.Options);
        await ProblemAssert.IsValidationErrorAsync(response, "maxDatapoints", "must be between 1 and 100800");
    }

    private async Task<List<GetMetricDataResponse>> ReadAllPagesAsync(GetMetricDataRequest request)
    {
        var pages = new List<GetMetricDataResponse>();
        string? token = null;
        do
        {
            var page = await Server.Client.GetMetricDataAsync(request with { NextToken = token });
            pages.Add(page);
            token = page.NextToken;
            Assert.True(pages.Count <= 50, "pagination does not end");
        }
        while (token is not null);
        return pages;
    }

    /// <summary>One value a minute for the first <paramref name="minutes"/> minutes after T0.</summary>
    private Task SeedMinutesAsync(string ns, string name, int minutes)
        => Server.PutAsync(ns, Enumerable.Range(0, minutes)
            .Select(m => new MetricDatumDto { MetricName = name, Timestamp = T0.AddMinutes(m).AddSeconds(m), Value = 10 + (m * 7 % 13) })
            .ToArray());
}
