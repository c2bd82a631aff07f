using System.Text.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Core.Identity;
using Crema.Server.Tests.TestSupport;

namespace Crema.Server.Tests.Cli;

/// <summary>`crema login|whoami|logout|mfa` as a real process: the saved session is what later verbs send, and it ends on logout.</summary>
public sealed class LoginCommandTests(CliServer fixture) : IClassFixture<CliServer>, IDisposable
{
    // Each test keeps its saved credentials apart from other test classes (and from the developer's ~/.config/crema).
    private readonly string _config = Directory.CreateTempSubdirectory("crema-cli-login-").FullName;

    public void Dispose() => CremaTestServer.DeleteDirectory(_config);

    private Dictionary<string, string> Env => new() { ["CREMA_CONFIG_DIR"] = _config };

    private Task<CliResult> Crema(string[] args, string? stdin = null) => CremaCli.RunAsync([.. args, "--url", fixture.Url], Env, stdin: stdin);

    private string CredentialsJson => File.Exists(Path.Combine(_config, "credentials.json")) ? File.ReadAllText(Path.Combine(_config, "credentials.json")) : "";

    [Fact]
    public async Task Login_with_password_stdin_saves_a_session_that_later_verbs_use_and_logout_ends_it()
    {
        await fixture.Server.PutAsync("CliLogin", [new MetricDatumDto { MetricName = "Orders", Timestamp = fixture.Now.AddMinutes(-1), Value = 1 }]);
        var login = await Crema(["login", "--user", "root", "--password-stdin"], CremaTestServer.RootPassword + "\n");
        Assert.True(login.ExitCode == 0, login.All);
        Assert.Contains("Signed in as root", login.Stdout, StringComparison.Ordinal);
        Assert.Contains("The session ends at", login.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(CremaTestServer.RootPassword, CredentialsJson, StringComparison.Ordinal);
        var token = JsonDocument.Parse(CredentialsJson).RootElement.EnumerateObject().Single().Value.GetProperty("sessionToken").GetString()!;

        var who = await Crema(["whoami", "--json"]);
        Assert.True(who.ExitCode == 0, who.All);
        var me = JsonSerializer.Deserialize<WhoAmIResponse>(who.Stdout, CremaJson.Options)!;
        Assert.Equal("root", me.UserName);
        Assert.True(me.IsRoot);
        Assert.Equal("session", me.AuthMethod);

        var list = await Crema(["metrics", "list", "-n", "CliLogin", "--json"]);
        Assert.True(list.ExitCode == 0, list.All);
        Assert.Equal("Orders", Assert.Single(JsonSerializer.Deserialize<List<MetricInfoDto>>(list.Stdout, CremaJson.Options)!).MetricName);

        var logout = await Crema(["logout"]);
        Assert.True(logout.ExitCode == 0, logout.All);
        Assert.Contains("Signed out of", logout.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(token, CredentialsJson, StringComparison.Ordinal);

        // The session ended on the server too, not only in the file.
        using var old = fixture.Server.NewSessionHttp(token);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await old.GetAsync("api/v1/auth/session")).StatusCode);
        var after = await Crema(["whoami"]);
        Assert.NotEqual(0, after.ExitCode);
        Assert.Contains("HTTP 401", after.Stderr, StringComparison.Ordinal);
        Assert.Contains("hint: sign in with `crema login`", after.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_with_a_wrong_password_fails_with_a_clear_message_and_saves_nothing()
    {
        var r = await Crema(["login", "--user", "root", "--password-stdin"], "not-the-password-at-all\n");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("Sign-in refused", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("user name or password is not correct", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", CredentialsJson);
    }

    [Fact]
    public async Task Login_without_a_terminal_or_password_stdin_says_how_to_pass_the_password()
    {
        var r = await Crema(["login", "--user", "root"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("--password-stdin", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", CredentialsJson);
    }

    [Fact]
    public async Task A_user_with_mfa_needs_the_code_to_log_in_and_a_recovery_code_works_once()
    {
        const string password = "Mfa-user-Pa55word!x";
        await fixture.Server.Client.CreateUserAsync(new CreateUserRequest { UserName = "cli-mfa", Password = password, Roles = [BuiltInRoles.ViewerName] });
        Assert.Equal(0, (await Crema(["login", "--user", "cli-mfa", "--password-stdin"], password + "\n")).ExitCode);

        var enroll = await Crema(["mfa", "enroll", "--json"]);
        Assert.True(enroll.ExitCode == 0, enroll.All);
        var secretText = JsonDocument.Parse(enroll.Stdout).RootElement.GetProperty("secret").GetString()!;
        Assert.True(Base32.TryDecode(secretText, out var secret));
        var activate = await Crema(["mfa", "activate", Totp.Code(secret, fixture.Server.Time.GetUtcNow())]);
        Assert.True(activate.ExitCode == 0, activate.All);
        Assert.Contains("Store them somewhere safe now", activate.Stdout, StringComparison.Ordinal);
        var recovery = activate.Stdout.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        Assert.NotEmpty(recovery);

        // Without a terminal the CLI cannot ask for the code: it says which option to pass.
        var noCode = await Crema(["login", "--user", "cli-mfa", "--password-stdin"], password + "\n");
        Assert.NotEqual(0, noCode.ExitCode);
        Assert.Contains("--totp", noCode.Stderr, StringComparison.Ordinal);

        // A TOTP code is accepted once per 30-second step: the next step's code signs in.
        fixture.Server.Time.Advance(TimeSpan.FromSeconds(Totp.PeriodSeconds));
        var withCode = await Crema(["login", "--user", "cli-mfa", "--password-stdin", "--totp", Totp.Code(secret, fixture.Server.Time.GetUtcNow())], password + "\n");
        Assert.True(withCode.ExitCode == 0, withCode.All);
        Assert.Contains("with MFA", withCode.Stdout, StringComparison.Ordinal);

        var first = await Crema(["login", "--user", "cli-mfa", "--password-stdin", "--recovery-code", recovery[0]], password + "\n");
        Assert.True(first.ExitCode == 0, first.All);
        var again = await Crema(["login", "--user", "cli-mfa", "--password-stdin", "--recovery-code", recovery[0]], password + "\n");
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("not correct", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Password_changes_the_own_password_from_two_stdin_lines_and_ends_the_session()
    {
        const string first = "Kim-first-Pa55word!";
        const string second = "Kim-second-Pa55word!";
        await fixture.Server.Client.CreateUserAsync(new CreateUserRequest { UserName = "cli-kim", Password = first, Roles = [BuiltInRoles.ViewerName] });
        Assert.Equal(0, (await Crema(["login", "--user", "cli-kim", "--password-stdin"], first + "\n")).ExitCode);

        var change = await Crema(["password", "--password-stdin"], first + "\n" + second + "\n");
        Assert.True(change.ExitCode == 0, change.All);
        Assert.Contains("Password changed", change.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(0, (await Crema(["whoami"])).ExitCode);

        Assert.NotEqual(0, (await Crema(["login", "--user", "cli-kim", "--password-stdin"], first + "\n")).ExitCode);
        Assert.Equal(0, (await Crema(["login", "--user", "cli-kim", "--password-stdin"], second + "\n")).ExitCode);
        var who = await Crema(["whoami"]);
        Assert.True(who.ExitCode == 0, who.All);
        Assert.Contains("cli-kim", who.Stdout, StringComparison.Ordinal);
    }
}
