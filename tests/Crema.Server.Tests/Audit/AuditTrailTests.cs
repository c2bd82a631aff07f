using System.Net;
using System.Net.Http.Json;
using System.Text;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Tests.Security;
using Crema.Server.Tests.TestSupport;

namespace Crema.Server.Tests.Audit;

public sealed class AuditTrailTests : IAsyncLifetime
{
    private CremaTestServer _server = null!;

    public async Task InitializeAsync() => _server = await CremaTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_management_call_is_recorded_before_its_answer_with_who_what_and_secrets_removed()
    {
        await SecurityFixture.CreateUserAsync(_server, "olga", "operator");

        // No waiting: a change's answer comes only after its event is durable.
        var page = await LookupAsync("eventName=CreateUser");
        var e = Assert.Single(page.Events);
        Assert.Equal("root", e.Identity.UserName);
        Assert.Equal(_server.AdminKey.Key.AccessKeyId, e.Identity.AccessKeyId);
        Assert.Equal("api-key", e.Identity.AuthMethod);
        Assert.Equal(201, e.StatusCode);
        Assert.False(e.ReadOnly);
        Assert.Contains("users/olga", e.Resources);
        Assert.Equal("olga", e.RequestParameters!["userName"]!.GetValue<string>());
        Assert.Equal("***", e.RequestParameters!["password"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", e.SourceAddress);
        Assert.Equal(_server.Time.GetUtcNow(), e.Time);
        Assert.Matches("^[0-9a-f]{64}$", e.Hash);
    }

    [Fact]
    public async Task The_first_start_records_the_creation_of_the_root_user_as_a_system_event()
    {
        var e = Assert.Single((await LookupAsync("eventName=CreateRootUser")).Events);
        Assert.Equal("system", e.EventSource);
        Assert.Equal("system", e.Identity.AuthMethod);
        Assert.False(e.RequestParameters!["passwordGenerated"]!.GetValue<bool>());
        Assert.Equal(["users/root"], e.Resources);
        Assert.Equal(1, e.Sequence);
    }

    [Fact]
    public async Task Refused_calls_are_recorded_with_their_error_and_the_identity_that_was_tried()
    {
        using (await _server.Anonymous.GetAsync("api/v1/users"))
        {
        }

        using var wrong = _server.NewHttp("CKWRONGWRONGWRONGWRO", "nope");
        using (await wrong.DeleteAsync("api/v1/users/root"))
        {
        }

        await SecurityFixture.SignInAsync(_server.Anonymous, "root", "not-the-password");
        var errors = await WaitForAsync("error=true", 3);
        Assert.Contains(errors.Events, e => e.EventName == "ListUsers" && e.ErrorCode == "AuthenticationRequired" && e.Identity.AuthMethod == "anonymous");
        Assert.Contains(errors.Events, e => e.EventName == "DeleteUser" && e.ErrorCode == "InvalidAccessKey" && e.Identity.AccessKeyId == "CKWRONGWRONGWRONGWRO");
        var signIn = Assert.Single(errors.Events, e => e.EventName == "SignIn");
        Assert.Equal("InvalidCredentials", signIn.ErrorCode);
        Assert.Equal("root", signIn.Identity.UserName);
        Assert.Equal("***", signIn.RequestParameters!["password"]!.GetValue<string>());
    }

    [Fact]
    public async Task Data_events_are_off_until_switched_on_and_then_follow_the_namespace_filter()
    {
        var now = _server.Time.GetUtcNow();
        await _server.Client.PutMetricDataAsync(SecurityFixture.OneDatum("CoffeeShop", now));
        await _server.Http.GetAsync("api/v1/metrics");
        using (var r = await _server.Http.PutAsJsonAsync("api/v1/audit/settings",
                   new AuditSettingsDto { DataEventsWrite = true, DataEventsRead = true, DataEventNamespaces = ["Coffee*"] }, CremaJson.Options))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        await _server.Client.PutMetricDataAsync(SecurityFixture.OneDatum("CoffeeShop", now));
        await _server.Client.PutMetricDataAsync(SecurityFixture.OneDatum("Bakery", now));
        var puts = await WaitForAsync("eventName=PutMetricData", 1);
        var put = Assert.Single(puts.Events);
        Assert.True(put.DataEvent);
        Assert.Equal("CoffeeShop", put.RequestParameters!["namespace"]!.GetValue<string>());
        var settings = (await LookupAsync("eventName=UpdateAuditSettings")).Events.Single();
        Assert.Equal("root", settings.Identity.UserName);
    }

    [Fact]
    public async Task Lookup_filters_paginates_newest_first_and_export_writes_every_match_as_json_lines()
    {
        for (var i = 0; i < 7; i++)
        {
            await SecurityFixture.CreateUserAsync(_server, $"user{i}", "viewer");
            _server.Time.Advance(TimeSpan.FromMinutes(1));
        }

        await WaitForAsync("eventName=CreateUser", 7);
        var first = await LookupAsync("eventName=CreateUser&limit=3");
        Assert.Equal(3, first.Events.Count);
        Assert.NotNull(first.NextToken);
        Assert.Equal(["users/user6"], first.Events[0].Resources);
        var seen = first.Events.Select(e => e.Sequence).ToList();
        var token = first.NextToken;
        while (token is not null)
        {
            var next = await LookupAsync($"eventName=CreateUser&limit=3&nextToken={token}");
            seen.AddRange(next.Events.Select(e => e.Sequence));
            token = next.NextToken;
        }

        Assert.Equal(7, seen.Count);
        Assert.Equal(seen.OrderByDescending(s => s), seen);
        var byResource = await LookupAsync("resource=users/user3");
        Assert.Equal("CreateUser", Assert.Single(byResource.Events).EventName);
        var from = CremaTestServer.DefaultNow.AddMinutes(2).ToString("o");
        var to = CremaTestServer.DefaultNow.AddMinutes(4).ToString("o");
        var window = await LookupAsync($"eventName=CreateUser&from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}");
        Assert.Equal(["users/user3", "users/user2"], window.Events.Select(e => e.Resources[0]));
        var reads = await LookupAsync("readOnly=true&userName=root");
        Assert.All(reads.Events, e => Assert.True(e.ReadOnly));

        var jsonl = await _server.Http.GetStringAsync("api/v1/audit/export?eventName=CreateUser");
        var lines = jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, lines.Length);
        var exported = lines.Select(l => System.Text.Json.JsonSerializer.Deserialize<AuditEventDto>(l, CremaJson.Options)!).ToList();
        Assert.Equal(exported.Select(e => e.Sequence).OrderBy(s => s), exported.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Secrets_never_reach_the_audit_file_or_the_metadata_file_in_clear()
    {
        var created = await _server.Http.PostAsJsonAsync("api/v1/keys", new CreateKeyRequest { Description = "till 3", Role = "ingest-only" }, CremaJson.Options);
        var key = (await created.Content.ReadFromJsonAsync<CreateKeyResponse>(CremaJson.Options))!;
        await SecurityFixture.SignInAsync(_server.Anonymous, "root", CremaTestServer.RootPassword);
        await SecurityFixture.CreateUserAsync(_server, "nina", "viewer");
        var (_, session) = await SecurityFixture.SignInAsync(_server.Anonymous, "nina", SecurityFixture.UserPassword);
        await WaitForAsync("eventName=SignIn", 2);
        await _server.StopAsync();
        var secrets = new[] { key.SecretAccessKey, CremaTestServer.RootPassword, SecurityFixture.UserPassword, session!.SessionToken, _server.AdminKey.SecretAccessKey };
        foreach (var file in Directory.GetFiles(_server.DataDirectory, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            var text = Encoding.UTF8.GetString(bytes);
            foreach (var secret in secrets) Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{file} holds a secret in clear");
        }
    }

    private async Task<AuditLookupResponse> LookupAsync(string query) =>
        (await _server.Http.GetFromJsonAsync<AuditLookupResponse>("api/v1/audit/events?" + query, CremaJson.Options))!;

    /// <summary>Reads (not awaited by the server) land within the writer's next batch; give them up to a second.</summary>
    private async Task<AuditLookupResponse> WaitForAsync(string query, int atLeast)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var page = await LookupAsync(query);
            if (page.Events.Count >= atLeast || watch.Elapsed > TimeSpan.FromSeconds(1)) return page;
            await Task.Delay(20);
        }
    }
}
