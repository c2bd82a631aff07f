using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Tests.Security;
using Crema.Server.Tests.TestSupport;

namespace Crema.Server.Tests.Dashboards;

/// <summary>/api/v1/dashboards against a real server: round trips, whole-body validation, rename and duplicate, permissions, audit.</summary>
public sealed class DashboardEndpointTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private CremaTestServer Server => shared.Server;

    private CremaClient Client => Server.Client;

    [Fact]
    public async Task Put_then_get_returns_the_body_as_sent_and_the_list_shows_title_widgets_author_and_size()
    {
        var body = DashboardBodies.Valid("Coffee shop — Central", extraTextWidgets: 4);
        var put = await Client.PutDashboardAsync("rt-central", body);
        Assert.Equal(("rt-central", "Coffee shop — Central", 7, "root"), (put.Name, put.Title, put.WidgetCount, put.UpdatedBy));

        var got = await Client.GetDashboardAsync("rt-central");
        var sent = JsonSerializer.SerializeToNode(body, CremaJson.Options)!;
        Assert.True(JsonNode.DeepEquals(sent, got.Body), $"sent {sent.ToJsonString()}\ngot {got.Body.ToJsonString()}");
        Assert.Equal(Server.Time.GetUtcNow(), got.UpdatedAt);

        var listed = (await Client.ListDashboardsAsync()).Dashboards.Single(d => d.Name == "rt-central");
        Assert.Equal(("Coffee shop — Central", 7, "root"), (listed.Title, listed.WidgetCount, listed.UpdatedBy));
        Assert.Equal(got.Size, listed.Size);
        Assert.True(listed.Size > 500, $"size {listed.Size}");
    }

    [Fact]
    public async Task Imported_json_text_is_stored_exactly_and_its_size_is_counted_in_utf8_bytes()
    {
        const string json = """{"title":"Café ☕","widgets":[{"type":"text","x":0,"y":0,"width":24,"height":2,"properties":{"markdown":"crème"}}],"futureThing":{"kept":true}}""";
        var put = await Client.PutDashboardJsonAsync("rt-import", json);
        Assert.Equal(Encoding.UTF8.GetByteCount(json), put.Size);
        var got = await Client.GetDashboardAsync("rt-import");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), got.Body));
        Assert.Equal("Café ☕", got.Title);
    }

    [Fact]
    public async Task A_body_breaking_several_rules_is_refused_whole_naming_each_path_and_nothing_is_written()
    {
        const string json = """
            {"title":"bad","start":"-PT3X","refresh":-1,"widgets":[
              {"type":"metric","x":20,"y":0,"width":6,"height":6,"properties":{"view":"pie","metrics":[
                 {"id":"M1","metricStat":{"metric":{"namespace":"N","metricName":"m"},"stat":"p999","period":7}},
                 {"id":"e1","expression":"m1 +"}]}},
              {"type":"chart","x":0,"y":0,"width":1,"height":1,"properties":{}},
              {"type":"text","x":0,"y":0,"width":1,"height":0,"properties":{"markdown":42}}
            ]}
            """;
        var ex = await Assert.ThrowsAsync<CremaApiException>(() => Client.PutDashboardJsonAsync("rt-bad", json));
        Assert.Equal(400, ex.Status);
        var errors = ex.Problem!.Errors!;
        foreach (var path in new[]
                 {
                     "start", "refresh", "widgets[0].width", "widgets[0].properties.view", "widgets[0].properties.metrics[0].id",
                     "widgets[0].properties.metrics[0].metricStat.stat", "widgets[0].properties.metrics[0].metricStat.period",
                     "widgets[0].properties.metrics[1].expression", "widgets[1].type", "widgets[2].height", "widgets[2].properties.markdown",
                 })
        {
            Assert.True(errors.ContainsKey(path), $"no error for {path}: {string.Join(", ", errors.Keys)}");
        }

        Assert.Contains("x + width", errors["widgets[0].width"][0], StringComparison.Ordinal);
        Assert.Equal(404, (await Assert.ThrowsAsync<CremaApiException>(() => Client.GetDashboardAsync("rt-bad"))).Status);
    }

    [Fact]
    public async Task A_replaced_dashboard_keeps_its_creation_time_and_takes_the_new_body()
    {
        await Client.PutDashboardAsync("rt-replace", DashboardBodies.Valid("first"));
        var created = (await Client.GetDashboardAsync("rt-replace")).CreatedAt;
        Server.Time.Advance(TimeSpan.FromMinutes(5));
        await Client.PutDashboardAsync("rt-replace", DashboardBodies.Valid("second", extraTextWidgets: 1));
        var got = await Client.GetDashboardAsync("rt-replace");
        Assert.Equal(("second", 4, created), (got.Title, got.WidgetCount, got.CreatedAt));
        Assert.Equal(created + TimeSpan.FromMinutes(5), got.UpdatedAt);
        Assert.Single((await Client.ListDashboardsAsync()).Dashboards, d => d.Name == "rt-replace");
    }

    [Fact]
    public async Task Rename_and_duplicate_move_and_copy_the_body_and_refuse_taken_or_missing_names()
    {
        await Client.PutDashboardAsync("rt-old", DashboardBodies.Valid("moving"));
        await Client.PutDashboardAsync("rt-taken", DashboardBodies.Valid("in the way"));
        var body = (await Client.GetDashboardAsync("rt-old")).Body;

        Assert.Equal(409, (await Assert.ThrowsAsync<CremaApiException>(() => Client.RenameDashboardAsync("rt-old", "rt-taken"))).Status);
        Assert.Equal("in the way", (await Client.GetDashboardAsync("rt-taken")).Title);

        var renamed = await Client.RenameDashboardAsync("rt-old", "rt-new");
        Assert.Equal(("rt-new", "moving"), (renamed.Name, renamed.Title));
        Assert.Equal(404, (await Assert.ThrowsAsync<CremaApiException>(() => Client.GetDashboardAsync("rt-old"))).Status);
        Assert.True(JsonNode.DeepEquals(body, (await Client.GetDashboardAsync("rt-new")).Body));

        var copy = await Client.DuplicateDashboardAsync("rt-new", "rt-copy");
        Assert.Equal("moving", copy.Title);
        Assert.True(JsonNode.DeepEquals(body, (await Client.GetDashboardAsync("rt-copy")).Body));
        Assert.True(JsonNode.DeepEquals(body, (await Client.GetDashboardAsync("rt-new")).Body));

        Assert.Equal(404, (await Assert.ThrowsAsync<CremaApiException>(() => Client.DuplicateDashboardAsync("rt-missing", "rt-other"))).Status);
        var badName = await Assert.ThrowsAsync<CremaApiException>(() => Client.RenameDashboardAsync("rt-copy", "no spaces"));
        Assert.Equal(400, badName.Status);
        Assert.True(badName.Problem!.Errors!.ContainsKey("newName"));

        await Client.DeleteDashboardAsync("rt-copy");
        Assert.Equal(404, (await Assert.ThrowsAsync<CremaApiException>(() => Client.DeleteDashboardAsync("rt-copy"))).Status);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("dots.not.allowed")]
    public async Task A_name_outside_the_rule_is_refused_naming_the_name(string name)
    {
        var ex = await Assert.ThrowsAsync<CremaApiException>(() => Client.PutDashboardAsync(name, DashboardBodies.Valid("x")));
        Assert.Equal(400, ex.Status);
        Assert.True(ex.Problem!.Errors!.ContainsKey("name"));
    }

    [Fact]
    public async Task A_viewer_lists_and_reads_but_cannot_put_rename_or_delete()
    {
        await Client.PutDashboardAsync("rt-viewed", DashboardBodies.Valid("look only"));
        await SecurityFixture.CreateUserAsync(Server, "dash-viewer", "viewer");
        using var http = await SecurityFixture.KeyClientAsync(Server, "dash-viewer");
        var viewer = new CremaClient(http);

        Assert.Contains((await viewer.ListDashboardsAsync()).Dashboards, d => d.Name == "rt-viewed");
        Assert.Equal("look only", (await viewer.GetDashboardAsync("rt-viewed")).Title);
        Assert.Equal(403, (await Assert.ThrowsAsync<CremaApiException>(() => viewer.PutDashboardAsync("rt-viewed", DashboardBodies.Valid("changed")))).Status);
        Assert.Equal(403, (await Assert.ThrowsAsync<CremaApiException>(() => viewer.PutDashboardAsync("rt-viewer-new", DashboardBodies.Valid("new")))).Status);
        Assert.Equal(403, (await Assert.ThrowsAsync<CremaApiException>(() => viewer.RenameDashboardAsync("rt-viewed", "rt-viewer-moved"))).Status);
        Assert.Equal(403, (await Assert.ThrowsAsync<CremaApiException>(() => viewer.DuplicateDashboardAsync("rt-viewed", "rt-viewer-copy"))).Status);
        Assert.Equal(403, (await Assert.ThrowsAsync<CremaApiException>(() => viewer.DeleteDashboardAsync("rt-viewed"))).Status);

        Assert.Equal("look only", (await Client.GetDashboardAsync("rt-viewed")).Title);
        var names = (await Client.ListDashboardsAsync()).Dashboards.Select(d => d.Name).ToList();
        Assert.DoesNotContain("rt-viewer-new", names);
        Assert.DoesNotContain("rt-viewer-copy", names);
    }

    [Fact]
    public async Task Every_change_is_audited_with_the_dashboard_as_resource()
    {
        await Client.PutDashboardAsync("rt-audited", DashboardBodies.Valid("audited"));
        await Client.RenameDashboardAsync("rt-audited", "rt-audited-2");
        await Client.DeleteDashboardAsync("rt-audited-2");

        var events = (await Client.LookupAuditEventsAsync(new AuditEventFilter { Limit = 200 })).Events;
        var put = events.First(e => e.EventName == "PutDashboard" && e.Resources.Contains("dashboards/rt-audited"));
        Assert.Equal("root", put.Identity.UserName);
        Assert.Equal("audited", put.RequestParameters!["title"]!.GetValue<string>());
        Assert.Contains(events, e => e.EventName == "RenameDashboard" && e.Resources.Contains("dashboards/rt-audited-2"));
        Assert.Contains(events, e => e.EventName == "DeleteDashboards" && e.Resources.Contains("dashboards/rt-audited-2"));
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_refused()
    {
        var markdown = new string('x', 16_000);
        var widgets = string.Join(",", Enumerable.Range(0, 70).Select(i => "{\"type\":\"text\",\"x\":0,\"y\":" + i + ",\"width\":1,\"height\":1,\"properties\":{\"markdown\":\"" + markdown + "\"}}"));
        using var content = new StringContent("{\"widgets\":[" + widgets + "]}", Encoding.UTF8, "application/json");
        using var r = await Server.Http.PutAsync(new Uri("api/v1/dashboards/rt-huge", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var problem = await r.Content.ReadFromJsonAsync<ProblemDto>(CremaJson.Options);
        Assert.Contains("1048576", problem!.Errors!["body"][0], StringComparison.Ordinal);
    }
}
