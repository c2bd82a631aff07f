using Crema.Client.Contracts;
using Crema.Core.Identity;
using Crema.Storage.Identity;

namespace Crema.Server.Security;

/// <summary>In-process set-up for `crema demo`: a service user's key and a session for the person at the terminal.</summary>
public sealed partial class IdentityService
{
    /// <summary>
    /// Makes sure <paramref name="userName"/> exists (no password, so it cannot sign in) with exactly <paramref name="role"/>,
    /// removes its old keys and returns a fresh one: each run of the demo's simulator gets its own ingest-only key.
    /// </summary>
    public async Task<CreateKeyResponse> ReplaceServiceKeyAsync(string userName, string role, string description, CancellationToken ct)
    {
        var user = await Store.FindUserAsync(userName, ct).ConfigureAwait(false)
                   ?? await Store.CreateUserAsync(userName, null, isRoot: false, [role], ct).ConfigureAwait(false);
        foreach (var old in await Store.ListKeysAsync(user.Id, ct).ConfigureAwait(false))
        {
            await Store.DeleteKeyAsync(old.AccessKeyId, ct).ConfigureAwait(false);
        }

        InvalidateCaches();
        return await CreateKeyAsync(user.Name, new CreateKeyRequest { Role = role, Description = description }, null, ct).ConfigureAwait(false);
    }

    /// <summary>A session for a user without a password check: only for the local operator of an in-process server (the demo).</summary>
    public async Task<SignInResponse> OpenLocalSessionAsync(string userName, CancellationToken ct)
    {
        var user = await Store.FindUserAsync(userName, ct).ConfigureAwait(false) ?? throw IdentityException.NotFound("userName", $"no user is named '{userName}'");
        var now = _time.GetUtcNow();
        var token = SessionPrefix + Secrets.NewSessionToken();
        var csrf = CsrfTokenFor(token);
        var expires = now + _options.SessionLifetime;
        await Store.CreateSessionAsync(new SessionRecord(Secrets.Sha256Hex(token), user.Id, Secrets.Sha256Hex(csrf), false, now, now, expires, "local", "crema demo"), ct)
            .ConfigureAwait(false);
        return new SignInResponse(user.Name, token, csrf, expires, false);
    }
}
