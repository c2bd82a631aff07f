using System.Net.Http.Json;
using System.Text;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Tests.TestSupport;

namespace Crema.Server.Tests.Api;

/// <summary>
/// Every PutMetricData rule, each on a request holding one valid datum and one that breaks the
/// rule: a 400 problem naming the field and the rule, and nothing written. This class's server
/// never receives an accepted write, so any stored sample or listed metric is a failure.
/// </summary>
public sealed class PutMetricDataValidationTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string Ns = "Validation";
    private static readonly DateTimeOffset Now = CremaTestServer.DefaultNow;

    private CremaTestServer Server => shared.Server;

    private static MetricDatumDto Valid => new()
    {
        MetricName = "Sold",
        Dimensions = [new DimensionDto("Shop", "a")],
        Timestamp = Now.AddMinutes(-5),
        Value = 3,
    };

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public Task Non_finite_value_is_refused_by_name(string literal)
        => RefusedJsonAsync(DatumJson($"\"value\":\"{literal}\""), "metricData[1].value", "must be a finite number");

    [Theory]
    [InlineData("NaN")]
    [InlineData("-Infinity")]
    public Task Non_finite_entry_of_values_is_refused_at_its_index(string literal)
        => RefusedJsonAsync(DatumJson($"\"values\":[1,2,\"{literal}\"]"), "metricData[1].values[2]", "NaN and ±Infinity are not accepted");

    [Fact]
    public Task Non_finite_statistic_set_field_is_refused()
        => RefusedJsonAsync(DatumJson("\"statisticValues\":{\"sampleCount\":2,\"sum\":\"Infinity\",\"minimum\":1,\"maximum\":2}"),
            "metricData[1].statisticValues.sum", "must be a finite number");

    [Fact]
    public Task More_than_30_dimensions_are_refused()
        => RefusedAsync(Valid with { Dimensions = Enumerable.Range(0, 31).Select(i => new DimensionDto("D" + i, "v")).ToArray() },
            "metricData[1].dimensions", "at most 30 dimensions");

    [Fact]
    public Task Duplicate_dimension_names_are_refused_at_the_second()
        => RefusedAsync(Valid with { Dimensions = [new DimensionDto("Shop", "a"), new DimensionDto("Shop", "b")] },
            "metricData[1].dimensions[1].name", "duplicate dimension name 'Shop'");

    [Fact]
    public Task Empty_namespace_is_refused()
        => RefusedAsync([Valid, Valid with { MetricName = "Other" }], "namespace", "is required (1 to 255 characters)", ns: "");

    [Fact]
    public Task Namespace_of_256_characters_is_refused()
        => RefusedAsync([Valid, Valid with { MetricName = "Other" }], "namespace", "at most 255 characters (was 256)", ns: new string('n', 256));

    [Fact]
    public Task Empty_metric_name_is_refused()
        => RefusedAsync(Valid with { MetricName = "" }, "metricData[1].metricName", "is required");

    [Fact]
    public Task Missing_metric_name_is_refused()
        => RefusedAsync(Valid with { MetricName = null }, "metricData[1].metricName", "is required");

    [Fact]
    public Task Metric_name_of_256_characters_is_refused()
        => RefusedAsync(Valid with { MetricName = new string('m', 256) }, "metricData[1].metricName", "at most 255 characters (was 256)");

    [Fact]
    public Task Empty_dimension_name_is_refused()
        => RefusedAsync(Valid with { Dimensions = [new DimensionDto("Shop", "a"), new DimensionDto("", "x")] },
            "metricData[1].dimensions[1].name", "is required");

    [Fact]
    public Task Dimension_name_of_256_characters_is_refused()
        => RefusedAsync(Valid with { Dimensions = [new DimensionDto(new string('d', 256), "x")] },
            "metricData[1].dimensions[0].name", "at most 255 characters (was 256)");

    [Fact]
    public Task Dimension_value_of_1025_characters_is_refused()
        => RefusedAsync(Valid with { Dimensions = [new DimensionDto("Shop", new string('v', 1025))] },
            "metricData[1].dimensions[0].value", "at most 1024 characters (was 1025)");

    [Fact]
    public Task Timestamp_older_than_14_days_is_refused()
        => RefusedAsync(Valid with { Timestamp = Now.AddDays(-14).AddMilliseconds(-1) },
            "metricData[1].timestamp", "must not be more than 14 days in the past");

    [Fact]
    public Task Timestamp_more_than_2_hours_ahead_is_refused()
        => RefusedAsync(Valid with { Timestamp = Now.AddHours(2).AddMilliseconds(1) },
            "metricData[1].timestamp", "must not be more than 2 hours in the future");

    [Fact]
    public Task Counts_not_matching_values_are_refused()
        => RefusedAsync(Valid with { Value = null, Values = [1, 2, 3], Counts = [1, 1] },
            "metricData[1].counts", "must have as many entries as values (3), was 2");

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public Task Count_not_above_zero_is_refused_at_its_index(double count)
        => RefusedAsync(Valid with { Value = null, Values = [1, 2], Counts = [1, count] },
            "metricData[1].counts[1]", "must be a finite number greater than 0");

    [Fact]
    public Task Both_value_and_values_are_refused()
        => RefusedAsync(Valid with { Value = 1, Values = [1, 2] }, "metricData[1]", "give exactly one of value, values or statisticValues");

    [Fact]
    public Task Datum_without_value_values_or_statistic_set_is_refused()
        => RefusedAsync(Valid with { Value = null }, "metricData[1]", "one of value, values or statisticValues is required");

    [Fact]
    public Task Statistic_set_missing_a_field_is_refused_naming_it()
        => RefusedAsync(Valid with { Value = null, StatisticValues = new StatisticSetDto(3, 6, 1, null) },
            "metricData[1].statisticValues.maximum", "is required");

    [Fact]
    public Task Statistic_set_with_minimum_above_maximum_is_refused()
        => RefusedAsync(Valid with { Value = null, StatisticValues = new StatisticSetDto(3, 6, 5, 1) },
            "metricData[1].statisticValues.minimum", "must not exceed maximum");

    [Fact]
    public Task Statistic_set_with_sample_count_zero_is_refused()
        => RefusedAsync(Valid with { Value = null, StatisticValues = new StatisticSetDto(0, 6, 1, 5) },
            "metricData[1].statisticValues.sampleCount", "must be greater than 0");

    [Fact]
    public Task Unknown_unit_is_refused()
        => RefusedAsync(Valid with { Unit = "Cups" }, "metricData[1].unit", "'Cups' is not a unit");

    [Fact]
    public Task Storage_resolution_30_is_refused()
        => RefusedAsync(Valid with { StorageResolution = 30 }, "metricData[1].storageResolution", "must be 1 or 60 (was 30)");

    [Fact]
    public Task More_than_1000_datums_are_refused()
        => RefusedAsync(Enumerable.Range(0, 1001).Select(i => Valid with { Value = i }).ToArray(), "metricData", "at most 1000 datums per request (was 1001)");

    [Fact]
    public Task Request_without_datums_is_refused()
        => RefusedAsync([], "metricData", "at least one datum is required");

    [Fact]
    public Task More_than_150_values_in_a_datum_are_refused()
        => RefusedAsync(Valid with { Value = null, Values = Enumerable.Range(0, 151).Select(i => (double)i).ToArray() },
            "metricData[1].values", "at most 150 values per datum (was 151)");

    [Fact]
    public Task Empty_values_are_refused()
        => RefusedAsync(Valid with { Value = null, Values = [] }, "metricData[1].values", "must hold at least one value");

    [Fact]
    public Task Counts_with_a_single_value_are_refused()
        => RefusedAsync(Valid with { Counts = [2] }, "metricData[1].counts", "counts go with values, not with value");

    [Fact]
    public Task Namespace_starting_with_AWS_is_refused()
        => RefusedAsync([Valid], "namespace", "must not start with 'AWS/'", ns: "AWS/EC2");

    [Fact]
    public Task Namespace_with_non_ASCII_characters_is_refused()
        => RefusedAsync([Valid], "namespace", "printable ASCII characters only (found U+00E9)", ns: "Caf\u00e9");

    [Fact]
    public Task Metric_name_with_a_control_character_is_refused()
        => RefusedAsync(Valid with { MetricName = "Sold\nToday" }, "metricData[1].metricName", "must not contain control characters (found U+000A)");

    [Fact]
    public Task Whitespace_only_dimension_value_is_refused()
        => RefusedAsync(Valid with { Dimensions = [new DimensionDto("Shop", "   ")] }, "metricData[1].dimensions[0].value", "must contain a non-whitespace character");

    [Fact]
    public Task JSON_null_body_is_refused()
        => RefusedJsonAsync("null", "body", "a JSON object with namespace and metricData is required");

    [Fact]
    public Task Null_datum_is_refused_at_its_index()
        => RefusedJsonAsync($"{{\"namespace\":\"{Ns}\",\"metricData\":[{{\"metricName\":\"Sold\",\"value\":3}},null]}}", "metricData[1]", "must be an object");

    [Fact]
    public async Task Body_over_1_MiB_is_refused_with_413()
    {
        var before = await Server.GetStatsAsync();
        using var content = new ByteArrayContent(PaddedValidBody((1 << 20) + 1));
        content.Headers.ContentType = new("application/json");
        using var response = await Server.Http.PostAsync("api/v1/metrics", content);
        var problem = await ProblemAssert.IsProblemAsync(response, 413);
        Assert.Contains("at most 1048576 bytes", problem.Detail, StringComparison.Ordinal);
        await AssertNothingWrittenAsync(before);
    }

    [Fact]
    public async Task Chunked_body_over_1_MiB_is_refused_with_413()
    {
        var before = await Server.GetStatsAsync();
        using var content = new ChunkedContent(PaddedValidBody(3 << 19));
        content.Headers.ContentType = new("application/json");
        Assert.Null(content.Headers.ContentLength);
        using var response = await Server.Http.PostAsync("api/v1/metrics", content);
        var problem = await ProblemAssert.IsProblemAsync(response, 413);
        Assert.Contains("at most 1048576 bytes", problem.Detail, StringComparison.Ordinal);
        await AssertNothingWrittenAsync(before);
    }

    [Fact]
    public Task Value_of_the_wrong_JSON_type_is_refused_naming_its_path()
        => RefusedJsonAsync(DatumJson("\"value\":\"three\""), "metricData[1].value", "is not valid JSON for this field");

    [Fact]
    public Task Unreadable_timestamp_is_refused_naming_its_path()
        => RefusedJsonAsync(DatumJson("\"value\":1,\"timestamp\":\"yesterday\""), "metricData[1].timestamp", "is not valid JSON for this field");

    [Fact]
    public Task Truncated_JSON_is_refused_naming_where_it_stopped()
        => RefusedJsonAsync(DatumJson("\"value\":1")[..^3], "metricData[1].value", "is not valid JSON for this field");

    [Fact]
    public Task Empty_body_is_refused()
        => RefusedJsonAsync("", "body", "a JSON body is required");

    /// <summary>Posts [Valid, bad] and asserts the refusal.</summary>
    private Task RefusedAsync(MetricDatumDto bad, string field, string rule) => RefusedAsync([Valid, bad], field, rule);

    private async Task RefusedAsync(MetricDatumDto[] data, string field, string rule, string ns = Ns)
    {
        var before = await Server.GetStatsAsync();
        using var response = await Server.Http.PostAsJsonAsync("api/v1/metrics", new PutMetricDataRequest { Namespace = ns, MetricData = data }, CremaJson.Options);
        await ProblemAssert.IsValidationErrorAsync(response, field, rule);
        await AssertNothingWrittenAsync(before);
    }

    private async Task RefusedJsonAsync(string json, string field, string rule)
    {
        var before = await Server.GetStatsAsync();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Server.Http.PostAsync("api/v1/metrics", content);
        await ProblemAssert.IsValidationErrorAsync(response, field, rule);
        await AssertNothingWrittenAsync(before);
    }

    /// <summary>A request body with the valid datum first and <paramref name="fields"/> as the second datum's fields.</summary>
    private static string DatumJson(string fields)
        => $"{{\"namespace\":\"{Ns}\",\"metricData\":[{{\"metricName\":\"Sold\",\"dimensions\":[{{\"name\":\"Shop\",\"value\":\"a\"}}],\"value\":3}},"
            + $"{{\"metricName\":\"Sold\",\"dimensions\":[{{\"name\":\"Shop\",\"value\":\"b\"}}],{fields}}}]}}";

    /// <summary>A valid request padded with whitespace to exactly <paramref name="size"/> bytes.</summary>
    private static byte[] PaddedValidBody(int size)
    {
        var json = Encoding.UTF8.GetBytes(DatumJson("\"value\":4"));
        var body = new byte[size];
        body.AsSpan().Fill((byte)' ');
        json.CopyTo(body, 0);
        return body;
    }

    /// <summary>No sample was appended, no series exists, and neither the listing nor a query shows the valid datum.</summary>
    private async Task AssertNothingWrittenAsync(Crema.Storage.StoreStats before)
    {
        var after = await Server.GetStatsAsync();
        Assert.Equal(before.SamplesAppended, after.SamplesAppended);
        Assert.Equal(0, after.Series);
        var listed = await Server.Client.ListMetricsAsync();
        Assert.Empty(listed.Metrics);
        var query = await Server.Client.GetMetricDataAsync(new GetMetricDataRequest
        {
            MetricDataQueries =
            [
                new MetricDataQueryDto
                {
                    Id = "m",
                    MetricStat = new MetricStatDto
                    {
                        Metric = new MetricDto { Namespace = Ns, MetricName = "Sold", Dimensions = [new DimensionDto("Shop", "a")] },
                        Period = 60,
                        Stat = "SampleCount",
                    },
                },
            ],
            StartTime = Now.AddDays(-15),
            EndTime = Now.AddHours(3),
        });
        Assert.All(query.MetricDataResults, r => Assert.Empty(r.Values));
        var stats = await Server.Client.GetMetricStatisticsAsync(Ns, "Sold", ["Shop=a"], Now.AddDays(-15), Now.AddHours(3), 3600, ["SampleCount"]);
        Assert.Empty(stats.Datapoints);
    }
}
