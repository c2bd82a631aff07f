using System.Net;
using System.Net.Http.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Crema.Server.Tests.TestSupport;

namespace Crema.Server.Tests.Security;


public sealed class AuthorizationTests : IAsyncLifetime
{
    private CremaTestServer _server = null!;

    public async Task InitializeAsync() => _server = await CremaTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Every_api_endpoint_declares_its_permission_and_audit_event()
    {
        var endpoints = _server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true).ToList();
        Assert.True(endpoints.Count > 30, $"only {endpoints.Count} API endpoints found");
        var undeclared = endpoints.Where(e => e.Metadata.GetMetadata<CremaOperation>() is null).Select(e => e.RoutePattern.RawText).ToList();
        Assert.Empty(undeclared);
        var publicOnes = endpoints.Where(e => e.Metadata.GetMetadata<CremaOperation>()!.IsPublic).Select(e => e.RoutePattern.RawText).ToList();
        Assert.Equal(["/api/v1/auth/sign-in"], publicOnes);
    }

    [Theory]
    [InlineData("GET", "api/v1/metrics")]
    [InlineData("POST", "api/v1/metrics")]
    [InlineData("POST", "api/v1/write")]
    [InlineData("GET", "api/v1/users")]
    [InlineData("GET", "api/v1/audit/events")]
    [InlineData("GET", "api/v1/admin/stats")]
    [InlineData("GET", "api/v1/nothing/here")]
    public async Task Calls_without_credentials_are_refused_with_a_challenge(string method, string path)
    {
        using var r = await _server.Anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}") });
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Contains("Basic", r.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal("AuthenticationRequired", await SecurityFixture.CodeOfAsync(r));
    }

    [Fact]
    public async Task Health_is_public()
    {
        using var r = await _server.Anonymous.GetAsync("health");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    [Fact]
    public async Task A_wrong_secret_an_unknown_key_and_a_malformed_header_are_refused_without_saying_which_part_was_wrong()
    {
        using var wrong = _server.NewHttp(_server.AdminKey.Key.AccessKeyId, "not-the-secret");
        using var r1 = await wrong.GetAsync("api/v1/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, r1.StatusCode);
        Assert.Equal("InvalidAccessKey", await SecurityFixture.CodeOfAsync(r1));

        using var unknown = _server.NewHttp("CKAAAAAAAAAAAAAAAAAA", _server.AdminKey.SecretAccessKey);
        using var r2 = await unknown.GetAsync("api/v1/metrics");
        Assert.Equal("InvalidAccessKey", await SecurityFixture.CodeOfAsync(r2));

        using var bad = new HttpRequestMessage(HttpMethod.Get, "api/v1/metrics");
        bad.Headers.TryAddWithoutValidation("Authorization", "Basic !!!");
        using var r3 = await _server.Anonymous.SendAsync(bad);
        Assert.Equal(HttpStatusCode.Unauthorized, r3.StatusCode);
        Assert.Equal("InvalidAuthorizationHeader", await SecurityFixture.CodeOfAsync(r3));
    }

    [Fact]
    public async Task Bearer_id_colon_secret_works_like_basic()
    {
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", _server.AdminKey.Key.AccessKeyId + ":" + _server.AdminKey.SecretAccessKey);
        using var r = await http.GetAsync("api/v1/metrics");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    [Fact]
    public async Task An_ingest_only_key_may_write_metrics_and_nothing_else()
    {
        using var till = await SecurityFixture.KeyClientAsync(_server, "root", "ingest-only");
        using var put = await till.PostAsJsonAsync("api/v1/metrics", SecurityFixture.OneDatum("CoffeeShop", _server.Time.GetUtcNow()), CremaJson.Options);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        foreach (var path in new[] { "api/v1/metrics", "api/v1/users", "api/v1/audit/events", "api/v1/admin/stats" })
        {
            using var r = await till.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
            Assert.Equal("AccessDenied", await SecurityFixture.CodeOfAsync(r));
        }
    }

    [Fact]
    public async Task A_viewer_reads_but_cannot_write_or_manage_people()
    {
        await SecurityFixture.CreateUserAsync(_server, "vera", "viewer");
        using var vera = await SecurityFixture.KeyClientAsync(_server, "vera");
        Assert.Equal(HttpStatusCode.OK, (await vera.GetAsync("api/v1/metrics")).StatusCode);
        using var put = await vera.PostAsJsonAsync("api/v1/metrics", SecurityFixture.OneDatum("CoffeeShop", _server.Time.GetUtcNow()), CremaJson.Options);
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        var detail = (await put.Content.ReadFromJsonAsync<ProblemDto>(CremaJson.Options))!.Detail!;
        Assert.Contains("metrics:Put", detail, StringComparison.Ordinal);
        using var create = await vera.PostAsJsonAsync("api/v1/users", new CreateUserRequest { UserName = "mallory" }, CremaJson.Options);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Fact]
    public async Task A_custom_role_limited_to_one_namespace_is_held_to_it_in_writes_queries_and_lists()
    {
        using (var r = await _server.Http.PostAsJsonAsync("api/v1/roles", new PutRoleRequest
        {
            Name = "shop-writer",
            Description = "writes and reads the coffee shop only",
            Statements = [new PolicyStatementDto { Effect = "Allow", Actions = ["metrics:*"], Resources = ["metrics/CoffeeShop"] }],
        }, CremaJson.Options))
        {
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        }

        await SecurityFixture.CreateUserAsync(_server, "sam", "shop-writer");
        using var sam = await SecurityFixture.KeyClientAsync(_server, "sam");
        var now = _server.Time.GetUtcNow();
        Assert.Equal(HttpStatusCode.OK, (await sam.PostAsJsonAsync("api/v1/metrics", SecurityFixture.OneDatum("CoffeeShop", now), CremaJson.Options)).StatusCode);
        await _server.Client.PutMetricDataAsync(SecurityFixture.OneDatum("Payroll", now));
        using var other = await sam.PostAsJsonAsync("api/v1/metrics", SecurityFixture.OneDatum("Payroll", now), CremaJson.Options);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("metrics/Payroll", (await other.Content.ReadFromJsonAsync<ProblemDto>(CremaJson.Options))!.Detail!, StringComparison.Ordinal);

        var listed = await sam.GetFromJsonAsync<ListMetricsResponse>("api/v1/metrics", CremaJson.Options);
        Assert.All(listed!.Metrics!, m => Assert.Equal("CoffeeShop", m.Namespace));
        Assert.NotEmpty(listed.Metrics!);
        Assert.Equal(HttpStatusCode.Forbidden, (await sam.GetAsync("api/v1/metrics?namespace=Payroll")).StatusCode);
        var query = new GetMetricDataRequest
        {
            StartTime = now.AddHours(-1),
            EndTime = now.AddHours(1),
            MetricDataQueries = [new MetricDataQueryDto { Id = "p", MetricStat = new MetricStatDto { Metric = new MetricDto { Namespace = "Payroll", MetricName = "CoffeesSold" }, Period = 60, Stat = "Sum" } }],
        };
        Assert.Equal(HttpStatusCode.Forbidden, (await sam.PostAsJsonAsync("api/v1/metrics/query", query, CremaJson.Options)).StatusCode);
    }

    [Fact]
    public async Task Disabled_and_expired_keys_and_disabled_users_are_refused()
    {
        await SecurityFixture.CreateUserAsync(_server, "kim", "operator");
        var key = await _server.CreateKeyAsync("kim");
        using var kim = _server.NewHttp(key.Key.AccessKeyId, key.SecretAccessKey);
        Assert.Equal(HttpStatusCode.OK, (await kim.GetAsync("api/v1/metrics")).StatusCode);

        using (var r = await _server.Http.PatchAsJsonAsync($"api/v1/keys/{key.Key.AccessKeyId}", new UpdateKeyRequest { Status = "Inactive" }, CremaJson.Options))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        using (var r = await kim.GetAsync("api/v1/metrics"))
        {
            Assert.Equal("KeyInactive", await SecurityFixture.CodeOfAsync(r));
        }

        using (var r = await _server.Http.PatchAsJsonAsync($"api/v1/keys/{key.Key.AccessKeyId}",
                   new UpdateKeyRequest { Status = "Active", ExpiresAt = _server.Time.GetUtcNow().AddDays(1) }, CremaJson.Options))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await kim.GetAsync("api/v1/metrics")).StatusCode);
        _server.Time.Advance(TimeSpan.FromDays(2));
        using (var r = await kim.GetAsync("api/v1/metrics"))
        {
            Assert.Equal("KeyExpired", await SecurityFixture.CodeOfAsync(r));
        }

        var fresh = await _server.CreateKeyAsync("kim");
        using var kim2 = _server.NewHttp(fresh.Key.AccessKeyId, fresh.SecretAccessKey);
        await _server.Http.PatchAsJsonAsync("api/v1/users/kim", new UpdateUserRequest { Disabled = true }, CremaJson.Options);
        using (var r = await kim2.GetAsync("api/v1/metrics"))
        {
            Assert.Equal("UserDisabled", await SecurityFixture.CodeOfAsync(r));
        }
    }

    [Fact]
    public async Task Rotating_a_key_gives_a_new_secret_and_retires_the_old_key()
    {
        var key = await _server.CreateKeyAsync("root", "ingest-only");
        using var rotate = await _server.Http.PostAsync($"api/v1/keys/{key.Key.AccessKeyId}/rotate", null);
        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        var created = (await rotate.Content.ReadFromJsonAsync<CreateKeyResponse>(CremaJson.Options))!;
        Assert.Equal(key.Key.AccessKeyId, created.Key.RotatedFrom);
        Assert.Equal("ingest-only", created.Key.Role);
        using var oldClient = _server.NewHttp(key.Key.AccessKeyId, key.SecretAccessKey);
        using var newClient = _server.NewHttp(created.Key.AccessKeyId, created.SecretAccessKey);
        var datum = SecurityFixture.OneDatum("CoffeeShop", _server.Time.GetUtcNow());
        Assert.Equal(HttpStatusCode.Unauthorized, (await oldClient.PostAsJsonAsync("api/v1/metrics", datum, CremaJson.Options)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newClient.PostAsJsonAsync("api/v1/metrics", datum, CremaJson.Options)).StatusCode);

        // Last use is written in batches: after a flush the list shows it.
        await _server.App.Services.GetRequiredService<IdentityService>().FlushAsync(CancellationToken.None);
        var keys = await _server.Http.GetFromJsonAsync<ListKeysResponse>("api/v1/keys", CremaJson.Options);
        var listed = keys!.Keys.Single(k => k.AccessKeyId == created.Key.AccessKeyId);
        Assert.Equal(_server.Time.GetUtcNow(), listed.LastUsedAt);
        Assert.Equal("Inactive", keys.Keys.Single(k => k.AccessKeyId == key.Key.AccessKeyId).Status);
    }

    [Fact]
    public async Task Identity_requests_with_broken_rules_are_refused_naming_the_field()
    {
        async Task Expect(HttpResponseMessage r, HttpStatusCode status, string field)
        {
            var body = await r.Content.ReadAsStringAsync();
            Assert.True(status == r.StatusCode, body);
            Assert.Contains(field, body, StringComparison.Ordinal);
        }

        await Expect(await _server.Http.PostAsJsonAsync("api/v1/users", new CreateUserRequest { UserName = "bad name!" }, CremaJson.Options), HttpStatusCode.BadRequest, "userName");
        await Expect(await _server.Http.PostAsJsonAsync("api/v1/users", new CreateUserRequest { UserName = "pat", Password = "short" }, CremaJson.Options), HttpStatusCode.BadRequest, "password");
        await Expect(await _server.Http.PostAsJsonAsync("api/v1/users", new CreateUserRequest { UserName = "pat", Roles = ["barista"] }, CremaJson.Options), HttpStatusCode.BadRequest, "roles[0]");
        await Expect(await _server.Http.PostAsJsonAsync("api/v1/users", new CreateUserRequest { UserName = "root" }, CremaJson.Options), HttpStatusCode.Conflict, "userName");
        await Expect(await _server.Http.DeleteAsync("api/v1/users/root"), HttpStatusCode.BadRequest, "root user");
        await Expect(await _server.Http.DeleteAsync("api/v1/roles/admin"), HttpStatusCode.BadRequest, "built-in");
        await Expect(await _server.Http.PostAsJsonAsync("api/v1/roles", new PutRoleRequest
        {
            Name = "odd",
            Statements = [new PolicyStatementDto { Effect = "Allow", Actions = ["coffee"], Resources = ["*"] }],
        }, CremaJson.Options), HttpStatusCode.BadRequest, "statements[0].actions[0]");
        await Expect(await _server.Http.PostAsync("api/v1/users", new StringContent("{\"userName\": ", System.Text.Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "not valid JSON");
        var users = await _server.Http.GetFromJsonAsync<ListUsersResponse>("api/v1/users", CremaJson.Options);
        Assert.Equal(["root"], users!.Users.Select(u => u.UserName));
    }
}
