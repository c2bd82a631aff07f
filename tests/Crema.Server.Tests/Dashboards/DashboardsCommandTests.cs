using System.Text.Json;
using System.Text.Json.Nodes;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Tests.Cli;

namespace Crema.Server.Tests.Dashboards;

/// <summary>`crema dashboards …` as a real process: an imported file comes back out the same, and what it prints is what the server holds.</summary>
public sealed class DashboardsCommandTests(CliServer fixture) : IClassFixture<CliServer>
{
    private Task<CliResult> Crema(params string[] args) => CremaCli.RunAsync([.. args, "--url", fixture.Url], fixture.Env);

    [Fact]
    public async Task Put_from_a_file_get_to_a_file_list_rename_duplicate_and_delete()
    {
        var dir = Directory.CreateTempSubdirectory("crema-dash-").FullName;
        try
        {
            var file = Path.Combine(dir, "central.json");
            var body = JsonSerializer.SerializeToNode(DashboardBodies.Valid("From the CLI", extraTextWidgets: 2), CremaJson.Options)!;
            await File.WriteAllTextAsync(file, body.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

            var put = await Crema("dashboards", "put", "cli-central", "--file", file);
            Assert.True(put.ExitCode == 0, put.All);
            Assert.Contains("Saved dashboard cli-central (5 widgets", put.Stdout, StringComparison.Ordinal);
            Assert.True(JsonNode.DeepEquals(body, (await fixture.Server.Client.GetDashboardAsync("cli-central")).Body));

            var exported = Path.Combine(dir, "exported.json");
            var get = await Crema("dashboards", "get", "cli-central", "--out", exported);
            Assert.True(get.ExitCode == 0, get.All);
            Assert.True(JsonNode.DeepEquals(body, JsonNode.Parse(await File.ReadAllTextAsync(exported))));

            var list = await Crema("dashboards", "list", "--json");
            Assert.True(list.ExitCode == 0, list.All);
            var listed = JsonSerializer.Deserialize<List<DashboardSummaryDto>>(list.Stdout, CremaJson.Options)!.Single(d => d.Name == "cli-central");
            Assert.Equal(("From the CLI", 5), (listed.Title, listed.WidgetCount));

            Assert.Equal(0, (await Crema("dashboards", "rename", "cli-central", "cli-moved")).ExitCode);
            Assert.Equal(0, (await Crema("dashboards", "duplicate", "cli-moved", "cli-copy")).ExitCode);
            var table = await Crema("dashboards", "list");
            Assert.Contains("cli-moved", table.Stdout, StringComparison.Ordinal);
            Assert.Contains("cli-copy", table.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("cli-central", table.Stdout, StringComparison.Ordinal);

            var delete = await Crema("dashboards", "delete", "cli-copy");
            Assert.True(delete.ExitCode == 0, delete.All);
            Assert.Contains("Deleted dashboard cli-copy", delete.Stdout, StringComparison.Ordinal);
            Assert.Equal(404, (await Assert.ThrowsAsync<CremaApiException>(() => fixture.Server.Client.GetDashboardAsync("cli-copy"))).Status);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task An_invalid_file_is_refused_naming_each_field_and_nothing_is_saved()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, """{"refresh": -1, "widgets": [{"type": "text", "x": 30, "y": 0, "width": 1, "height": 1, "properties": {"markdown": "m"}}]}""");
            var put = await Crema("dashboards", "put", "cli-invalid", "--file", file);
            Assert.NotEqual(0, put.ExitCode);
            Assert.Contains("refresh:", put.Stderr, StringComparison.Ordinal);
            Assert.Contains("widgets[0].x:", put.Stderr, StringComparison.Ordinal);
            Assert.Equal(404, (await Assert.ThrowsAsync<CremaApiException>(() => fixture.Server.Client.GetDashboardAsync("cli-invalid"))).Status);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
