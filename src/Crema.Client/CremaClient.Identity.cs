using System.Net.Http.Json;
using System.Text;
using Crema.Client.Contracts;

namespace Crema.Client;

/// <summary>Sign-in, the caller's own session, password and MFA; users, roles and API keys.</summary>
public sealed partial class CremaClient
{
    /// <summary>Signs in; the response holds the session token to send as Bearer credentials.</summary>
    public Task<SignInResponse> SignInAsync(SignInRequest request, CancellationToken ct = default) =>
        PostAsync<SignInResponse>("api/v1/auth/sign-in", request, ct);

    /// <summary>Ends the caller's session (a no-op for access keys).</summary>
    public Task SignOutAsync(CancellationToken ct = default) => SendAsync(HttpMethod.Post, "api/v1/auth/sign-out", null, ct);

    /// <summary>Who the caller is.</summary>
    public Task<WhoAmIResponse> WhoAmIAsync(CancellationToken ct = default) => GetAsync<WhoAmIResponse>("api/v1/auth/session", ct);

    /// <summary>Changes the caller's own password (every session of the user ends).</summary>
    public Task ChangePasswordAsync(string currentPassword, string newPassword, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "api/v1/auth/password", new ChangePasswordRequest(currentPassword, newPassword), ct);

    /// <summary>Starts TOTP enrolment: a secret, its otpauth URI and QR code; not active until <see cref="ActivateMfaAsync"/>.</summary>
    public Task<MfaEnrollResponse> EnrollMfaAsync(CancellationToken ct = default) => PostAsync<MfaEnrollResponse>("api/v1/auth/mfa/enroll", null, ct);

    /// <summary>Confirms enrolment with a current code; returns the recovery codes (shown this once).</summary>
    public Task<MfaActivatedResponse> ActivateMfaAsync(string code, CancellationToken ct = default) =>
        PostAsync<MfaActivatedResponse>("api/v1/auth/mfa/activate", new MfaCodeRequest(code), ct);

    /// <summary>Turns the caller's MFA off (needs a current code).</summary>
    public Task DeactivateMfaAsync(string code, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "api/v1/auth/mfa/deactivate", new MfaCodeRequest(code), ct);

    /// <summary>Every user.</summary>
    public Task<ListUsersResponse> ListUsersAsync(CancellationToken ct = default) => GetAsync<ListUsersResponse>("api/v1/users", ct);

    /// <summary>One user.</summary>
    public Task<UserDto> GetUserAsync(string userName, CancellationToken ct = default) => GetAsync<UserDto>("api/v1/users/" + Segment(userName), ct);

    /// <summary>Creates a user.</summary>
    public Task<UserDto> CreateUserAsync(CreateUserRequest request, CancellationToken ct = default) => PostAsync<UserDto>("api/v1/users", request, ct);

    /// <summary>Changes a user's roles, disabled flag or password (fields left null stay as they are).</summary>
    public Task<UserDto> UpdateUserAsync(string userName, UpdateUserRequest request, CancellationToken ct = default) =>
        SendAsync<UserDto>(HttpMethod.Patch, "api/v1/users/" + Segment(userName), request, ct);

    /// <summary>Deletes a user and its keys and sessions.</summary>
    public Task DeleteUserAsync(string userName, CancellationToken ct = default) => SendAsync(HttpMethod.Delete, "api/v1/users/" + Segment(userName), null, ct);

    /// <summary>Turns another user's MFA off (for a lost authenticator).</summary>
    public Task ResetUserMfaAsync(string userName, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "api/v1/users/" + Segment(userName) + "/reset-mfa", null, ct);

    /// <summary>Every role, built-in ones included.</summary>
    public Task<ListRolesResponse> ListRolesAsync(CancellationToken ct = default) => GetAsync<ListRolesResponse>("api/v1/roles", ct);

    /// <summary>One role with its policy.</summary>
    public Task<RoleDto> GetRoleAsync(string name, CancellationToken ct = default) => GetAsync<RoleDto>("api/v1/roles/" + Segment(name), ct);

    /// <summary>Creates a role (request.Name names it).</summary>
    public Task<RoleDto> CreateRoleAsync(PutRoleRequest request, CancellationToken ct = default) => PostAsync<RoleDto>("api/v1/roles", request, ct);

    /// <summary>Replaces a role's description and statements.</summary>
    public Task<RoleDto> UpdateRoleAsync(string name, PutRoleRequest request, CancellationToken ct = default) =>
        SendAsync<RoleDto>(HttpMethod.Put, "api/v1/roles/" + Segment(name), request, ct);

    /// <summary>Deletes a role.</summary>
    public Task DeleteRoleAsync(string name, CancellationToken ct = default) => SendAsync(HttpMethod.Delete, "api/v1/roles/" + Segment(name), null, ct);

    /// <summary>API keys: the caller's own, <paramref name="userName"/>'s, or with <paramref name="all"/> everybody's.</summary>
    public Task<ListKeysResponse> ListKeysAsync(string? userName = null, bool all = false, CancellationToken ct = default)
    {
        var q = new StringBuilder("api/v1/keys?");
        Add(q, "userName", userName);
        if (all) Add(q, "all", "true");
        return GetAsync<ListKeysResponse>(q.ToString(), ct);
    }

    /// <summary>One API key (never its secret).</summary>
    public Task<ApiKeyDto> GetKeyAsync(string accessKeyId, CancellationToken ct = default) => GetAsync<ApiKeyDto>("api/v1/keys/" + Segment(accessKeyId), ct);

    /// <summary>Creates an API key; the response holds the secret, which cannot be read again.</summary>
    public Task<CreateKeyResponse> CreateKeyAsync(CreateKeyRequest request, CancellationToken ct = default) =>
        PostAsync<CreateKeyResponse>("api/v1/keys", request, ct);

    /// <summary>Changes a key's status (Active/Inactive), description or expiry.</summary>
    public Task<ApiKeyDto> UpdateKeyAsync(string accessKeyId, UpdateKeyRequest request, CancellationToken ct = default) =>
        SendAsync<ApiKeyDto>(HttpMethod.Patch, "api/v1/keys/" + Segment(accessKeyId), request, ct);

    /// <summary>Replaces a key by a new one with the same owner and role; the old one stops working.</summary>
    public Task<CreateKeyResponse> RotateKeyAsync(string accessKeyId, CancellationToken ct = default) =>
        PostAsync<CreateKeyResponse>("api/v1/keys/" + Segment(accessKeyId) + "/rotate", null, ct);

    /// <summary>Deletes a key.</summary>
    public Task DeleteKeyAsync(string accessKeyId, CancellationToken ct = default) => SendAsync(HttpMethod.Delete, "api/v1/keys/" + Segment(accessKeyId), null, ct);

    private static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return Uri.EscapeDataString(value);
    }

    private async Task<T> GetAsync<T>(string path, CancellationToken ct)
    {
        using var resp = await _http.GetAsync(new Uri(path, UriKind.Relative), ct).ConfigureAwait(false);
        return await ReadAsync<T>(resp, ct).ConfigureAwait(false);
    }

    private Task<T> PostAsync<T>(string path, object? body, CancellationToken ct) => SendAsync<T>(HttpMethod.Post, path, body, ct);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = NewRequest(method, path, body);
        using var resp = await _http.SendAsync(request, ct).ConfigureAwait(false);
        return await ReadAsync<T>(resp, ct).ConfigureAwait(false);
    }

    /// <summary>Sends a request whose success has no body (204); throws <see cref="CremaApiException"/> on an error answer.</summary>
    private async Task SendAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = NewRequest(method, path, body);
        using var resp = await _http.SendAsync(request, ct).ConfigureAwait(false);
        await EnsureSuccessAsync(resp, ct).ConfigureAwait(false);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage resp, CancellationToken ct)
    {
        if (resp.IsSuccessStatusCode) return;

        // ReadAsync turns an error answer into CremaApiException with its problem details.
        await ReadAsync<object>(resp, ct).ConfigureAwait(false);
    }

    private static HttpRequestMessage NewRequest(HttpMethod method, string path, object? body)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: CremaJson.Options);
        return request;
    }
}
