using Crema.Client.Contracts;
using Crema.Server.Tests.TestSupport;

namespace Crema.Server.Tests.Api;

/// <summary>ListMetrics filters (namespace, name, dimension name, dimension name=value) and pages of 500.</summary>
public sealed class ListMetricsTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static readonly DateTimeOffset Now = CremaTestServer.DefaultNow;

    private static readonly (string Ns, string Name, (string, string)[] Dims)[] Series =
    [
        ("Cafe", "Sold", [("Shop", "a")]),
        ("Cafe", "Sold", [("Shop", "b")]),
        ("Cafe", "Sold", [("Shop", "c")]),
        ("Cafe", "Sold", [("Shop", "a"), ("Drink", "latte")]),
        ("Cafe", "Sold", []),
        ("Cafe", "Waited", [("Shop", "a")]),
        ("Cafe", "Waited", [("Till", "1")]),
        ("Bakery", "Sold", [("Shop", "a")]),
        ("Bakery", "Baked", [("Oven", "2")]),
    ];

    private CremaTestServer Server => shared.Server;

    [Theory]
    [InlineData("Cafe", null, new string[0])]
    [InlineData("Bakery", null, new string[0])]
    [InlineData(null, "Sold", new string[0])]
    [InlineData("Cafe", "Sold", new string[0])]
    [InlineData(null, null, new[] { "Shop" })]
    [InlineData(null, null, new[] { "Shop=a" })]
    [InlineData("Cafe", "Sold", new[] { "Shop=a" })]
    [InlineData(null, null, new[] { "Shop=a", "Drink" })]
    [InlineData(null, null, new[] { "Shop", "Drink=latte" })]
    [InlineData("Cafe", null, new[] { "Till=1" })]
    [InlineData(null, null, new[] { "Shop=z" })]
    [InlineData("Nowhere", null, new string[0])]
    public async Task Filters_return_exactly_the_matching_series(string? ns, string? name, string[] dimensions)
    {
        await EnsureSeededAsync();
        var listed = await Server.Client.ListMetricsAsync(ns, name, dimensions);
        Assert.Null(listed.NextToken);

        var expected = Series.Where(s => s.Ns is "Cafe" or "Bakery")
            .Where(s => ns is null || s.Ns == ns)
            .Where(s => name is null || s.Name == name)
            .Where(s => dimensions.All(f =>
            {
                var parts = f.Split('=', 2);
                return s.Dims.Any(d => d.Item1 == parts[0] && (parts.Length == 1 || d.Item2 == parts[1]));
            }))
            .Select(Describe).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, listed.Metrics.Select(Describe).Order(StringComparer.Ordinal).ToArray());
        Assert.All(listed.Metrics, m => Assert.Equal(m.MetricName == "Waited" ? "Seconds" : "Count", m.Unit));
    }

    [Fact]
    public async Task Six_hundred_series_come_in_two_pages()
    {
        const string ns = "ManySeries";
        var data = Enumerable.Range(0, 600)
            .Select(i => new MetricDatumDto { MetricName = "Orders", Dimensions = [new DimensionDto("Customer", "c" + i.ToString("000", System.Globalization.CultureInfo.InvariantCulture))], Timestamp = Now.AddMinutes(-1), Value = i })
            .ToArray();
        await Server.PutAsync(ns, data);

        var first = await Server.Client.ListMetricsAsync(ns);
        Assert.Equal(500, first.Metrics.Count);
        Assert.NotNull(first.NextToken);
        var second = await Server.Client.ListMetricsAsync(ns, nextToken: first.NextToken);
        Assert.Equal(100, second.Metrics.Count);
        Assert.Null(second.NextToken);

        var customers = first.Metrics.Concat(second.Metrics).Select(m => Assert.Single(m.Dimensions).Value).ToList();
        Assert.Equal(data.Select(d => d.Dimensions![0].Value).Order(StringComparer.Ordinal), customers.Order(StringComparer.Ordinal));
        Assert.Equal(600, customers.Distinct().Count());
    }

    [Fact]
    public async Task A_token_not_from_ListMetrics_is_refused()
    {
        using var response = await Server.Http.GetAsync(new Uri("api/v1/metrics?nextToken=%21%21", UriKind.Relative));
        await ProblemAssert.IsValidationErrorAsync(response, "nextToken", "is not a token returned by ListMetrics");
    }

    private static string Describe((string Ns, string Name, (string, string)[] Dims) s)
        => s.Ns + "/" + s.Name + "{" + string.Join(",", s.Dims.Select(d => d.Item1 + "=" + d.Item2).Order(StringComparer.Ordinal)) + "}";

    private static string Describe(MetricInfoDto m)
        => m.Namespace + "/" + m.MetricName + "{" + string.Join(",", m.Dimensions.Select(d => d.Name + "=" + d.Value).Order(StringComparer.Ordinal)) + "}";

    /// <summary>Writes <see cref="Series"/> once per server (the theory's cases share it).</summary>
    private async Task EnsureSeededAsync()
    {
        var existing = await Server.Client.ListMetricsAsync("Cafe");
        if (existing.Metrics.Count > 0) return;
        foreach (var group in Series.GroupBy(s => s.Ns))
        {
            await Server.PutAsync(group.Key, group.Select(s => new MetricDatumDto
            {
                MetricName = s.Name,
                Dimensions = s.Dims.Select(d => new DimensionDto(d.Item1, d.Item2)).ToArray(),
                Unit = s.Name == "Waited" ? "Seconds" : "Count",
                Timestamp = Now.AddMinutes(-2),
                Value = 1,
            }).ToArray());
        }
    }
}
