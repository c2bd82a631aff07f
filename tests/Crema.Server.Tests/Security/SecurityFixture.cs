using System.Net.Http.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Tests.TestSupport;

namespace Crema.Server.Tests.Security;

/// <summary>Small helpers for identity tests: users with roles, sign-in, JSON calls.</summary>
internal static class SecurityFixture
{
    public const string UserPassword = "flat-White-oat-milk-7";

    public static async Task<UserDto> CreateUserAsync(CremaTestServer server, string name, params string[] roles)
    {
        using var r = await server.Http.PostAsJsonAsync("api/v1/users", new CreateUserRequest { UserName = name, Password = UserPassword, Roles = roles }, CremaJson.Options);
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        return (await r.Content.ReadFromJsonAsync<UserDto>(CremaJson.Options))!;
    }

    public static async Task<HttpClient> KeyClientAsync(CremaTestServer server, string user, string? role = null)
    {
        var key = await server.CreateKeyAsync(user, role);
        return server.NewHttp(key.Key.AccessKeyId, key.SecretAccessKey);
    }

    public static async Task<(HttpResponseMessage Response, SignInResponse? Session)> SignInAsync(HttpClient http, string user, string password, string? totp = null,
        string? recovery = null)
    {
        var r = await http.PostAsJsonAsync("api/v1/auth/sign-in", new SignInRequest { UserName = user, Password = password, TotpCode = totp, RecoveryCode = recovery },
            CremaJson.Options);
        return (r, r.IsSuccessStatusCode ? await r.Content.ReadFromJsonAsync<SignInResponse>(CremaJson.Options) : null);
    }

    public static async Task<string?> CodeOfAsync(HttpResponseMessage r)
    {
        var problem = await r.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(CremaJson.Options);
        return problem?["code"]?.GetValue<string>();
    }

    public static PutMetricDataRequest OneDatum(string ns, DateTimeOffset at) => new()
    {
        Namespace = ns,
        MetricData = [new MetricDatumDto { MetricName = "CoffeesSold", Value = 1, Timestamp = at }],
    };
}
