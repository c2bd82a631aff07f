using System.Net;
using System.Net.Http.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Core.Identity;
using Crema.Server.Tests.TestSupport;

namespace Crema.Server.Tests.Security;

public sealed class SignInTests : IAsyncLifetime
{
    private CremaTestServer _server = null!;

    public async Task InitializeAsync() => _server = await CremaTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Sign_in_sets_a_strict_http_only_cookie_and_changes_need_the_csrf_header()
    {
        var handler = new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { BaseAddress = _server.BaseAddress };
        var (response, session) = await SecurityFixture.SignInAsync(browser, "root", CremaTestServer.RootPassword);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var setCookie = string.Join(";", response.Headers.GetValues("Set-Cookie")).ToLowerInvariant();
        Assert.Contains("crema_session=", setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", setCookie, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", setCookie, StringComparison.Ordinal);

        var me = await browser.GetFromJsonAsync<WhoAmIResponse>("api/v1/auth/session", CremaJson.Options);
        Assert.Equal("root", me!.UserName);
        Assert.Equal("session", me.AuthMethod);
        Assert.Equal(session!.CsrfToken, me.CsrfToken);

        var create = new CreateUserRequest { UserName = "ines", Roles = ["viewer"] };
        using (var r = await browser.PostAsJsonAsync("api/v1/users", create, CremaJson.Options))
        {
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
            Assert.Equal("CsrfTokenInvalid", await SecurityFixture.CodeOfAsync(r));
        }

        using var withToken = new HttpRequestMessage(HttpMethod.Post, "api/v1/users") { Content = JsonContent.Create(create, options: CremaJson.Options) };
        withToken.Headers.Add("X-CSRF-Token", me.CsrfToken);
        using (var r = await browser.SendAsync(withToken))
        {
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        }

        using (var r = await browser.PostAsync("api/v1/auth/sign-out", CsrfContent(me.CsrfToken!)))
        {
            Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        }

        using var bearer = _server.NewSessionHttp(session.SessionToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("api/v1/auth/session")).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_user_for_fifteen_minutes()
    {
        for (var i = 0; i < 5; i++)
        {
            var (r, _) = await SecurityFixture.SignInAsync(_server.Anonymous, "root", "wrong-password-" + i);
            Assert.Equal("InvalidCredentials", await SecurityFixture.CodeOfAsync(r));
        }

        var (locked, _) = await SecurityFixture.SignInAsync(_server.Anonymous, "root", CremaTestServer.RootPassword);
        Assert.Equal(HttpStatusCode.Forbidden, locked.StatusCode);
        Assert.Equal("AccountLocked", await SecurityFixture.CodeOfAsync(locked));
        _server.Time.Advance(TimeSpan.FromMinutes(16));
        var (ok, _) = await SecurityFixture.SignInAsync(_server.Anonymous, "root", CremaTestServer.RootPassword);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task An_unknown_user_and_a_wrong_password_get_the_same_answer()
    {
        var (unknown, _) = await SecurityFixture.SignInAsync(_server.Anonymous, "nobody", "whatever-password");
        var (wrong, _) = await SecurityFixture.SignInAsync(_server.Anonymous, "root", "whatever-password");
        Assert.Equal(unknown.StatusCode, wrong.StatusCode);
        var a = (await unknown.Content.ReadFromJsonAsync<ProblemDto>(CremaJson.Options))!;
        var b = (await wrong.Content.ReadFromJsonAsync<ProblemDto>(CremaJson.Options))!;
        Assert.Equal(a.Detail, b.Detail);
    }

    [Fact]
    public async Task Totp_enrolment_then_sign_in_needs_a_fresh_code_or_a_recovery_code_once()
    {
        var (_, session) = await SecurityFixture.SignInAsync(_server.Anonymous, "root", CremaTestServer.RootPassword);
        using var root = _server.NewSessionHttp(session!.SessionToken);
        using var enroll = await root.PostAsync("api/v1/auth/mfa/enroll", null);
        var enrolment = (await enroll.Content.ReadFromJsonAsync<MfaEnrollResponse>(CremaJson.Options))!;
        Assert.StartsWith("otpauth://totp/", enrolment.OtpauthUri, StringComparison.Ordinal);
        Assert.Contains("<svg", enrolment.QrSvg, StringComparison.Ordinal);
        Assert.True(Base32.TryDecode(enrolment.Secret, out var secret));

        using (var bad = await root.PostAsJsonAsync("api/v1/auth/mfa/activate", new MfaCodeRequest("000000"), CremaJson.Options))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        using var activate = await root.PostAsJsonAsync("api/v1/auth/mfa/activate", new MfaCodeRequest(Totp.Code(secret, _server.Time.GetUtcNow())), CremaJson.Options);
        Assert.Equal(HttpStatusCode.OK, activate.StatusCode);
        var codes = (await activate.Content.ReadFromJsonAsync<MfaActivatedResponse>(CremaJson.Options))!.RecoveryCodes;
        Assert.Equal(10, codes.Count);

        var (noCode, _) = await SecurityFixture.SignInAsync(_server.Anonymous, "root", CremaTestServer.RootPassword);
        Assert.Equal("MfaRequired", await SecurityFixture.CodeOfAsync(noCode));

        // The code used for activation is spent: the same 30-second code is refused; the next one works.
        var (replayed, _) = await SecurityFixture.SignInAsync(_server.Anonymous, "root", CremaTestServer.RootPassword, Totp.Code(secret, _server.Time.GetUtcNow()));
        Assert.Equal("InvalidMfaCode", await SecurityFixture.CodeOfAsync(replayed));
        _server.Time.Advance(TimeSpan.FromSeconds(30));
        var (ok, withMfa) = await SecurityFixture.SignInAsync(_server.Anonymous, "root", CremaTestServer.RootPassword, Totp.Code(secret, _server.Time.GetUtcNow()));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.True(withMfa!.MfaUsed);

        var (recovered, _) = await SecurityFixture.SignInAsync(_server.Anonymous, "root", CremaTestServer.RootPassword, recovery: codes[3].ToUpperInvariant());
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        var (again, _) = await SecurityFixture.SignInAsync(_server.Anonymous, "root", CremaTestServer.RootPassword, recovery: codes[3]);
        Assert.Equal("InvalidMfaCode", await SecurityFixture.CodeOfAsync(again));
    }

    [Fact]
    public async Task A_session_ends_after_thirty_idle_minutes_and_when_the_password_changes()
    {
        var (_, s1) = await SecurityFixture.SignInAsync(_server.Anonymous, "root", CremaTestServer.RootPassword);
        using var idle = _server.NewSessionHttp(s1!.SessionToken);
        _server.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await idle.GetAsync("api/v1/auth/session")).StatusCode);
        _server.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await idle.GetAsync("api/v1/auth/session")).StatusCode);
        _server.Time.Advance(TimeSpan.FromMinutes(31));
        using (var r = await idle.GetAsync("api/v1/auth/session"))
        {
            Assert.Equal("SessionExpired", await SecurityFixture.CodeOfAsync(r));
        }

        var (_, s2) = await SecurityFixture.SignInAsync(_server.Anonymous, "root", CremaTestServer.RootPassword);
        using var active = _server.NewSessionHttp(s2!.SessionToken);
        using (var weak = await active.PostAsJsonAsync("api/v1/auth/password", new ChangePasswordRequest(CremaTestServer.RootPassword, "password123"), CremaJson.Options))
        {
            Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
            Assert.Contains("newPassword", await weak.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var change = await active.PostAsJsonAsync("api/v1/auth/password", new ChangePasswordRequest(CremaTestServer.RootPassword, "Cortado-and-2-biscotti"), CremaJson.Options))
        {
            Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await active.GetAsync("api/v1/auth/session")).StatusCode);
        var (signedIn, _) = await SecurityFixture.SignInAsync(_server.Anonymous, "root", "Cortado-and-2-biscotti");
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    private static StringContent CsrfContent(string token)
    {
        var c = new StringContent("");
        c.Headers.Add("X-CSRF-Token", token);
        return c;
    }
}
