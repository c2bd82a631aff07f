using System.Text.Json.Nodes;
using Crema.Core.Dashboards;

namespace Crema.Core.Tests.Dashboards;

/// <summary>Each rule of docs/formats/dashboards.md, broken one at a time in an otherwise valid body: the error names the field path and the rule.</summary>
public class DashboardValidatorTests
{
    private const string ValidBody = """
        {
          "title": "Coffee shop — Central", "start": "-PT3H", "end": null, "timezone": "local", "refresh": 10,
          "widgets": [
            {"type": "metric", "x": 0, "y": 0, "width": 12, "height": 6,
             "properties": {"title": "Order wait", "view": "timeSeries", "stacked": false, "stat": "Average", "period": 60,
               "metrics": [
                 {"id": "m1", "label": "p90 wait", "metricStat": {"metric": {"namespace": "CoffeeShop", "metricName": "OrderWait",
                    "dimensions": [{"name": "Shop", "value": "Central"}]}, "stat": "p90", "period": 60}},
                 {"id": "e1", "expression": "m1/60", "label": "p90 wait (min)", "returnData": true}],
               "yAxis": {"left": {"label": "Seconds", "min": 0, "max": null}},
               "legend": {"position": "bottom"},
               "annotations": {"horizontal": [{"label": "Alarm level", "value": 480}]},
               "alarms": ["central-wait-too-long"], "sparkline": true}},
            {"type": "alarm", "x": 12, "y": 0, "width": 12, "height": 6,
             "properties": {"title": "Alarms", "alarms": ["central-wait-too-long", "milk"], "alarmNamePrefix": null}},
            {"type": "text", "x": 0, "y": 6, "width": 24, "height": 2, "properties": {"markdown": "## Central\nOpen 07:00–19:00"}}
          ]
        }
        """;

    public static TheoryData<string, string, string, string> BrokenRules() => new()
    {
        // name of the case, a JSON path to set, the JSON value to set there, the error path expected
        { "start not a duration", "start", "\"-PT3X\"", "start" },
        { "start positive duration", "start", "\"PT3H\"", "start" },
        { "start months are ambiguous", "start", "\"-P1M\"", "start" },
        { "end without absolute start", "end", "\"2025-03-10T12:00:00Z\"", "end" },
        { "timezone", "timezone", "\"Europe/Berlin\"", "timezone" },
        { "refresh negative", "refresh", "-1", "refresh" },
        { "refresh over a day", "refresh", "86401", "refresh" },
        { "widgets not an array", "widgets", "{}", "widgets" },
        { "widget type", "widgets[2].type", "\"chart\"", "widgets[2].type" },
        { "x over 23", "widgets[2].x", "24", "widgets[2].x" },
        { "x negative", "widgets[2].x", "-1", "widgets[2].x" },
        { "width zero", "widgets[2].width", "0", "widgets[2].width" },
        { "x + width over 24", "widgets[1].x", "13", "widgets[1].width" },
        { "y negative", "widgets[0].y", "-2", "widgets[0].y" },
        { "height zero", "widgets[0].height", "0", "widgets[0].height" },
        { "height over 1000", "widgets[0].height", "1001", "widgets[0].height" },
        { "height fractional", "widgets[0].height", "2.5", "widgets[0].height" },
        { "view", "widgets[0].properties.view", "\"pie\"", "widgets[0].properties.view" },
        { "legend position", "widgets[0].properties.legend.position", "\"top\"", "widgets[0].properties.legend.position" },
        { "widget period", "widgets[0].properties.period", "90", "widgets[0].properties.period" },
        { "widget stat", "widgets[0].properties.stat", "\"Median\"", "widgets[0].properties.stat" },
        { "query stat", "widgets[0].properties.metrics[0].metricStat.stat", "\"p101\"", "widgets[0].properties.metrics[0].metricStat.stat" },
        { "query period 7", "widgets[0].properties.metrics[0].metricStat.period", "7", "widgets[0].properties.metrics[0].metricStat.period" },
        { "id upper case", "widgets[0].properties.metrics[0].id", "\"M1\"", "widgets[0].properties.metrics[0].id" },
        { "id with dash", "widgets[0].properties.metrics[0].id", "\"m-1\"", "widgets[0].properties.metrics[0].id" },
        { "duplicate id", "widgets[0].properties.metrics[1].id", "\"m1\"", "widgets[0].properties.metrics[1].id" },
        { "both metricStat and expression", "widgets[0].properties.metrics[1].metricStat", "{\"metric\":{\"namespace\":\"a\",\"metricName\":\"b\"}}", "widgets[0].properties.metrics[1]" },
        { "expression syntax", "widgets[0].properties.metrics[1].expression", "\"m1 +\"", "widgets[0].properties.metrics[1].expression" },
        { "no metrics", "widgets[0].properties.metrics", "[]", "widgets[0].properties.metrics" },
        { "namespace missing", "widgets[0].properties.metrics[0].metricStat.metric.namespace", "\"\"", "widgets[0].properties.metrics[0].metricStat.metric.namespace" },
        { "dimension value missing", "widgets[0].properties.metrics[0].metricStat.metric.dimensions[0].value", "null", "widgets[0].properties.metrics[0].metricStat.metric.dimensions[0].value" },
        { "axis min over max", "widgets[0].properties.yAxis.left.max", "-5", "widgets[0].properties.yAxis.left.max" },
        { "annotation without value", "widgets[0].properties.annotations.horizontal[0].value", "\"480\"", "widgets[0].properties.annotations.horizontal[0].value" },
        { "alarm name empty", "widgets[1].properties.alarms[1]", "\"\"", "widgets[1].properties.alarms[1]" },
        { "stacked not a bool", "widgets[0].properties.stacked", "\"yes\"", "widgets[0].properties.stacked" },
        { "markdown missing", "widgets[2].properties.markdown", "null", "widgets[2].properties.markdown" },
        { "properties missing", "widgets[2].properties", "null", "widgets[2].properties" },
        { "title not a string", "title", "5", "title" },
    };

    [Fact]
    public void The_contract_example_is_valid_and_summarised()
    {
        var v = DashboardValidator.Validate(ValidBody);
        Assert.True(v.IsValid, string.Join("; ", v.Errors));
        Assert.Equal("Coffee shop — Central", v.Summary!.Title);
        Assert.Equal(3, v.Summary.WidgetCount);
        Assert.Equal(["central-wait-too-long", "milk"], v.Summary.AlarmNames);
        Assert.Equal(["CoffeeShop"], v.Summary.Namespaces);
    }

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public void Each_broken_rule_is_named_by_its_path(string rule, string path, string json, string errorPath)
    {
        var body = JsonNode.Parse(ValidBody)!;
        Set(body, path, json is "null" ? null : JsonNode.Parse(json));
        var v = DashboardValidator.Validate(body.ToJsonString());
        Assert.False(v.IsValid, rule);
        Assert.Null(v.Summary);
        var error = Assert.Single(v.Errors);
        Assert.Equal(errorPath, error.Path);
        Assert.False(string.IsNullOrWhiteSpace(error.Rule));
    }

    [Fact]
    public void Several_broken_rules_are_all_reported_in_body_order()
    {
        var body = JsonNode.Parse(ValidBody)!;
        Set(body, "refresh", JsonValue.Create(-3));
        Set(body, "widgets[0].properties.metrics[0].id", JsonValue.Create("X"));
        Set(body, "widgets[2].height", JsonValue.Create(0));
        var v = DashboardValidator.Validate(body.ToJsonString());
        Assert.Equal(["refresh", "widgets[0].properties.metrics[0].id", "widgets[2].height"], v.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Widget_count_is_limited_to_500()
    {
        var widgets = new JsonArray();
        for (var i = 0; i < 501; i++) widgets.Add(new JsonObject { ["type"] = "text", ["x"] = 0, ["y"] = i, ["width"] = 1, ["height"] = 1, ["properties"] = new JsonObject { ["markdown"] = "m" } });
        var ok = DashboardValidator.Validate(new JsonObject { ["widgets"] = new JsonArray([.. widgets.Take(500).Select(w => w!.DeepClone())]) }.ToJsonString());
        Assert.True(ok.IsValid);
        var v = DashboardValidator.Validate(new JsonObject { ["widgets"] = widgets }.ToJsonString());
        Assert.Equal("widgets", Assert.Single(v.Errors).Path);
    }

    [Fact]
    public void Queries_are_limited_to_100_per_widget()
    {
        var body = JsonNode.Parse(ValidBody)!;
        var metrics = new JsonArray();
        for (var i = 0; i < 101; i++) metrics.Add(new JsonObject { ["id"] = "q" + i, ["metricStat"] = new JsonObject { ["metric"] = new JsonObject { ["namespace"] = "N", ["metricName"] = "M" } } });
        body["widgets"]![0]!["properties"]!["metrics"] = metrics;
        var v = DashboardValidator.Validate(body.ToJsonString());
        Assert.Equal("widgets[0].properties.metrics", Assert.Single(v.Errors).Path);
    }

    [Fact]
    public void Markdown_is_limited_to_16_KiB_of_utf8()
    {
        var body = JsonNode.Parse(ValidBody)!;
        body["widgets"]![2]!["properties"]!["markdown"] = new string('é', 8192); // 16384 bytes: allowed
        Assert.True(DashboardValidator.Validate(body.ToJsonString()).IsValid);
        body["widgets"]![2]!["properties"]!["markdown"] = new string('é', 8192) + "x";
        Assert.Equal("widgets[2].properties.markdown", Assert.Single(DashboardValidator.Validate(body.ToJsonString()).Errors).Path);
    }

    [Fact]
    public void A_body_over_1_MiB_or_not_json_or_not_an_object_is_refused_as_body()
    {
        Assert.Equal("body", Assert.Single(DashboardValidator.Validate("{\"widgets\":[], \"pad\":\"" + new string('x', 1 << 20) + "\"}").Errors).Path);
        Assert.Equal("body", Assert.Single(DashboardValidator.Validate("{\"widgets\":[").Errors).Path);
        Assert.Equal("body", Assert.Single(DashboardValidator.Validate("[1,2]").Errors).Path);
    }

    [Fact]
    public void A_query_without_stat_or_period_needs_them_from_the_widget()
    {
        var body = JsonNode.Parse(ValidBody)!;
        var stat = body["widgets"]![0]!["properties"]!["metrics"]![0]!["metricStat"]!.AsObject();
        stat.Remove("stat");
        stat.Remove("period");
        Assert.True(DashboardValidator.Validate(body.ToJsonString()).IsValid);
        var props = body["widgets"]![0]!["properties"]!.AsObject();
        props.Remove("stat");
        props.Remove("period");
        Assert.Equal(["widgets[0].properties.metrics[0].metricStat.stat", "widgets[0].properties.metrics[0].metricStat.period"],
            DashboardValidator.Validate(body.ToJsonString()).Errors.Select(e => e.Path));
    }

    [Theory]
    [InlineData("-PT15M", 900)]
    [InlineData("-PT3H", 10800)]
    [InlineData("-P30D", 2592000)]
    [InlineData("-P1W", 604800)]
    [InlineData("-P1DT12H", 129600)]
    [InlineData("-PT1H30M15.5S", 5415.5)]
    public void Negative_durations_parse_to_their_length(string text, double seconds)
    {
        Assert.True(DashboardTime.TryParseLookBack(text, out var span));
        Assert.Equal(seconds, span.TotalSeconds);
    }

    [Theory]
    [InlineData("PT15M")]
    [InlineData("-PT")]
    [InlineData("-P")]
    [InlineData("-PT0M")]
    [InlineData("-P1Y")]
    [InlineData("-PT15")]
    [InlineData("-PT1M2H")]
    [InlineData("-P1.5D")]
    [InlineData("-P4000D")]
    public void Other_duration_texts_are_refused(string text) => Assert.False(DashboardTime.TryParseLookBack(text, out _));

    [Fact]
    public void An_absolute_range_needs_end_after_start()
    {
        var body = JsonNode.Parse(ValidBody)!;
        body["start"] = "2025-03-10T08:00:00Z";
        body["end"] = "2025-03-10T12:00:00+01:00";
        Assert.True(DashboardValidator.Validate(body.ToJsonString()).IsValid);
        body["end"] = "2025-03-10T07:00:00Z";
        Assert.Equal("end", Assert.Single(DashboardValidator.Validate(body.ToJsonString()).Errors).Path);
    }

    [Theory]
    [InlineData("coffee-shop-central", true)]
    [InlineData("Overview_2", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("dot.ted", false)]
    [InlineData("ünï", false)]
    public void Names_follow_the_cloudwatch_rule(string name, bool valid) => Assert.Equal(valid, DashboardName.IsValid(name));

    [Fact]
    public void A_name_of_255_characters_is_the_longest() =>
        Assert.Equal((true, false), (DashboardName.IsValid(new string('a', 255)), DashboardName.IsValid(new string('a', 256))));

    /// <summary>Sets a value at a simple path such as widgets[0].properties.metrics[1].id (creating nothing on the way).</summary>
    private static void Set(JsonNode root, string path, JsonNode? value)
    {
        var parts = path.Replace("[", ".[", StringComparison.Ordinal).Split('.');
        var node = root;
        for (var i = 0; i < parts.Length - 1; i++) node = Step(node, parts[i]);
        var last = parts[^1];
        if (last.StartsWith('[')) node.AsArray()[int.Parse(last[1..^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        else node.AsObject()[last] = value;
    }

    private static JsonNode Step(JsonNode node, string part) =>
        part.StartsWith('[') ? node.AsArray()[int.Parse(part[1..^1], System.Globalization.CultureInfo.InvariantCulture)]! : node[part]!;
}
