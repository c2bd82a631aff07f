using System.Text.Json;
using System.Text.RegularExpressions;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Core.Identity;
using Crema.Server.Tests.TestSupport;

namespace Crema.Server.Tests.Cli;

/// <summary>`crema users|keys|roles` as a real process: what they create exists on the server and works (or is refused) as a credential.</summary>
public sealed partial class IdentityCommandTests(CliServer fixture) : IClassFixture<CliServer>
{
    [GeneratedRegex(@"Access key id:\s+(\S+)")]
    private static partial Regex KeyIdLine();

    [GeneratedRegex(@"Secret access key:\s+(\S+)")]
    private static partial Regex SecretLine();

    private Task<CliResult> Crema(params string[] args) => CremaCli.RunAsync([.. args, "--url", fixture.Url], fixture.Env);

    private Task<CliResult> CremaAs(IReadOnlyDictionary<string, string> env, params string[] args) => CremaCli.RunAsync([.. args, "--url", fixture.Url], env);

    private static (string Id, string Secret) ParseKey(CliResult r)
    {
        Assert.True(r.ExitCode == 0, r.All);
        var id = KeyIdLine().Match(r.Stdout);
        var secret = SecretLine().Matches(r.Stdout);
        Assert.True(id.Success, r.All);

        // The secret is printed exactly once, with the warning that it cannot be read again.
        Assert.Single(secret);
        Assert.Contains("shown only this once", r.Stdout, StringComparison.Ordinal);
        return (id.Groups[1].Value, secret[0].Groups[1].Value);
    }

    [Fact]
    public async Task Users_create_list_show_update_and_delete_change_the_server()
    {
        var create = await CremaCli.RunAsync(["users", "create", "cli-carol", "--role", BuiltInRoles.ViewerName, "--password-stdin", "--url", fixture.Url], fixture.Env,
            stdin: "Carol-Pa55word-long!\n");
        Assert.True(create.ExitCode == 0, create.All);
        Assert.Contains("Created user cli-carol", create.Stdout, StringComparison.Ordinal);
        var user = await fixture.Server.Client.GetUserAsync("cli-carol");
        Assert.Equal([BuiltInRoles.ViewerName], user.Roles);
        Assert.True(user.HasPassword);

        var list = await Crema("users", "list", "--json");
        Assert.True(list.ExitCode == 0, list.All);
        var users = JsonSerializer.Deserialize<List<UserDto>>(list.Stdout, CremaJson.Options)!;
        Assert.Contains(users, u => u.UserName == "cli-carol");
        Assert.Contains(users, u => u.UserName == "root" && u.IsRoot);
        var table = await Crema("users", "list");
        Assert.Contains("cli-carol", table.Stdout, StringComparison.Ordinal);

        var update = await Crema("users", "update", "cli-carol", "--role", BuiltInRoles.OperatorName, "--disable");
        Assert.True(update.ExitCode == 0, update.All);
        user = await fixture.Server.Client.GetUserAsync("cli-carol");
        Assert.Equal([BuiltInRoles.OperatorName], user.Roles);
        Assert.True(user.Disabled);
        Assert.Contains("disabled", (await Crema("users", "show", "cli-carol")).Stdout, StringComparison.Ordinal);

        var delete = await Crema("users", "delete", "cli-carol");
        Assert.True(delete.ExitCode == 0, delete.All);
        var gone = await Assert.ThrowsAsync<CremaApiException>(() => fixture.Server.Client.GetUserAsync("cli-carol"));
        Assert.Equal(404, gone.Status);
        var again = await Crema("users", "delete", "cli-carol");
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("HTTP 404", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_created_key_works_for_metrics_put_and_is_listed_without_its_secret()
    {
        var (id, secret) = ParseKey(await Crema("keys", "create", "--description", "cli test key", "--expires", "30d"));
        var put = await CremaAs(CliServer.KeyEnv(id, secret), "metrics", "put", "-n", "CliKeyPut", "-m", "Orders", "-v", "7");
        Assert.True(put.ExitCode == 0, put.All);
        Assert.Single((await fixture.Server.Client.ListMetricsAsync("CliKeyPut")).Metrics);

        var list = await Crema("keys", "list", "--json");
        Assert.True(list.ExitCode == 0, list.All);
        Assert.DoesNotContain(secret, list.Stdout, StringComparison.Ordinal);
        var key = Assert.Single(JsonSerializer.Deserialize<List<ApiKeyDto>>(list.Stdout, CremaJson.Options)!, k => k.AccessKeyId == id);
        Assert.Equal("cli test key", key.Description);
        Assert.InRange(key.ExpiresAt!.Value, fixture.Now.AddDays(29), fixture.Now.AddDays(31).AddHours(1));
    }

    [Fact]
    public async Task An_ingest_only_key_writes_but_is_denied_metrics_list_with_a_clear_message()
    {
        var (id, secret) = ParseKey(await Crema("keys", "create", "--role", BuiltInRoles.IngestOnlyName));
        var env = CliServer.KeyEnv(id, secret);
        var put = await CremaAs(env, "metrics", "put", "-n", "CliIngestOnly", "-m", "Orders", "-v", "1");
        Assert.True(put.ExitCode == 0, put.All);

        var list = await CremaAs(env, "metrics", "list", "-n", "CliIngestOnly");
        Assert.NotEqual(0, list.ExitCode);
        Assert.Contains("HTTP 403: Access denied", list.Stderr, StringComparison.Ordinal);
        Assert.Contains(BuiltInRoles.IngestOnlyName, list.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rotated_key_is_refused_and_its_successor_works_and_disable_enable_toggle_a_key()
    {
        var (oldId, oldSecret) = ParseKey(await Crema("keys", "create"));
        var (newId, newSecret) = ParseKey(await Crema("keys", "rotate", oldId));
        Assert.NotEqual(oldId, newId);

        var refused = await CremaAs(CliServer.KeyEnv(oldId, oldSecret), "metrics", "put", "-n", "CliRotate", "-m", "Orders", "-v", "1");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("HTTP 401", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(oldId, (await fixture.Server.Client.GetKeyAsync(newId)).RotatedFrom);

        // The other checks use the key in-process: a CLI start per check would make the class slow.
        var asNew = CremaClient.Create(fixture.Server.BaseAddress, credentials: CremaCredentials.FromAccessKey(newId, newSecret));
        Task<WhoAmIResponse> WhoAsync() => asNew.WhoAmIAsync();
        Assert.Equal(newId, (await WhoAsync()).AccessKeyId);
        Assert.Equal(0, (await Crema("keys", "disable", newId)).ExitCode);
        Assert.Equal(401, (await Assert.ThrowsAsync<CremaApiException>(WhoAsync)).Status);
        Assert.Equal(0, (await Crema("keys", "enable", newId)).ExitCode);
        Assert.Equal(newId, (await WhoAsync()).AccessKeyId);
        Assert.Equal(0, (await Crema("keys", "delete", newId)).ExitCode);
        Assert.Equal(401, (await Assert.ThrowsAsync<CremaApiException>(WhoAsync)).Status);
    }

    [Fact]
    public async Task Keys_create_save_stores_the_key_as_the_credentials_for_the_url()
    {
        var config = Directory.CreateTempSubdirectory("crema-cli-keys-").FullName;
        try
        {
            var env = new Dictionary<string, string>(fixture.Env) { ["CREMA_CONFIG_DIR"] = config };
            var (id, _) = ParseKey(await CremaAs(env, "keys", "create", "--save"));

            // Without the variables the CLI falls back to the saved key.
            var who = await CremaAs(new Dictionary<string, string> { ["CREMA_CONFIG_DIR"] = config }, "whoami", "--json");
            Assert.True(who.ExitCode == 0, who.All);
            Assert.Equal(id, JsonSerializer.Deserialize<WhoAmIResponse>(who.Stdout, CremaJson.Options)!.AccessKeyId);
        }
        finally
        {
            CremaTestServer.DeleteDirectory(config);
        }
    }

    [Fact]
    public async Task Roles_create_update_show_and_delete_from_a_policy_file()
    {
        var file = Path.Combine(Path.GetTempPath(), "crema-cli-role-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            await File.WriteAllTextAsync(file, """
                {"description": "reads shop metrics", "statements": [{"effect": "Allow", "actions": ["metrics:List"], "resources": ["*"]}]}
                """);
            var create = await Crema("roles", "create", "cli-shop-reader", "--file", file);
            Assert.True(create.ExitCode == 0, create.All);
            var role = await fixture.Server.Client.GetRoleAsync("cli-shop-reader");
            Assert.Equal("reads shop metrics", role.Description);
            Assert.Equal(["metrics:List"], Assert.Single(role.Statements).Actions);

            await File.WriteAllTextAsync(file, """
                {"description": "reads and writes", "statements": [{"effect": "Allow", "actions": ["metrics:List", "metrics:Put"], "resources": ["*"]}]}
                """);
            Assert.Equal(0, (await Crema("roles", "update", "cli-shop-reader", "--file", file)).ExitCode);
            var show = await Crema("roles", "show", "cli-shop-reader", "--json");
            var shown = JsonSerializer.Deserialize<RoleDto>(show.Stdout, CremaJson.Options)!;
            Assert.Equal("reads and writes", shown.Description);
            Assert.Equal(["metrics:List", "metrics:Put"], Assert.Single(shown.Statements).Actions);

            Assert.Equal(0, (await Crema("roles", "delete", "cli-shop-reader")).ExitCode);
            Assert.DoesNotContain((await fixture.Server.Client.ListRolesAsync()).Roles, r => r.Name == "cli-shop-reader");

            // A built-in role cannot be changed; the server's refusal is shown.
            var builtIn = await Crema("roles", "update", BuiltInRoles.ViewerName, "--file", file);
            Assert.NotEqual(0, builtIn.ExitCode);
            Assert.StartsWith("error: HTTP 4", builtIn.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
