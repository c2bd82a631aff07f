using Crema.Client.Contracts;
using Crema.Core.Identity;
using Crema.Server.Audit;
using Crema.Server.Http;

namespace Crema.Server.Security;

/// <summary>Users, roles and API keys.</summary>
internal static class IdentityEndpoints
{
    public static void MapIdentity(this WebApplication app)
    {
        var users = app.MapGroup("/api/v1/users").WithTags("Identity").AddEndpointFilter<IdentityExceptionFilter>();
        users.MapGet("", async (IdentityService id, CancellationToken ct) => Results.Ok(new ListUsersResponse(await id.ListUsersAsync(ct).ConfigureAwait(false))))
            .Operation("ListUsers", "users:List", "users/*", readOnly: true);
        users.MapGet("/{userName}", async (string userName, IdentityService id, CancellationToken ct) => Results.Ok(await id.GetUserAsync(userName, ct).ConfigureAwait(false)))
            .Operation("GetUser", "users:Get", "users/{userName}", readOnly: true);
        users.MapPost("", CreateUserAsync).Operation("CreateUser", "users:Create");
        users.MapMethods("/{userName}", [HttpMethods.Patch], UpdateUserAsync).Operation("UpdateUser", "users:Update", "users/{userName}");
        users.MapDelete("/{userName}", async (string userName, IdentityService id, CancellationToken ct) =>
        {
            await id.DeleteUserAsync(userName, ct).ConfigureAwait(false);
            return Results.NoContent();
        }).Operation("DeleteUser", "users:Delete", "users/{userName}");
        users.MapPost("/{userName}/reset-mfa", async (string userName, IdentityService id, CancellationToken ct) =>
        {
            await id.DeactivateMfaAsync(userName, null, null, ct).ConfigureAwait(false);
            return Results.NoContent();
        }).Operation("ResetUserMfa", "users:ResetMfa", "users/{userName}");

        var roles = app.MapGroup("/api/v1/roles").WithTags("Identity").AddEndpointFilter<IdentityExceptionFilter>();
        roles.MapGet("", async (IdentityService id, CancellationToken ct) => Results.Ok(new ListRolesResponse(await id.ListRolesAsync(ct).ConfigureAwait(false))))
            .Operation("ListRoles", "roles:List", "roles/*", readOnly: true);
        roles.MapGet("/{name}", async (string name, IdentityService id, CancellationToken ct) => Results.Ok(await id.GetRoleAsync(name, ct).ConfigureAwait(false)))
            .Operation("GetRole", "roles:Get", "roles/{name}", readOnly: true);
        roles.MapPost("", CreateRoleAsync).Operation("CreateRole", "roles:Create");
        roles.MapPut("/{name}", UpdateRoleAsync).Operation("UpdateRole", "roles:Update", "roles/{name}");
        roles.MapDelete("/{name}", async (string name, IdentityService id, CancellationToken ct) =>
        {
            await id.DeleteRoleAsync(name, ct).ConfigureAwait(false);
            return Results.NoContent();
        }).Operation("DeleteRole", "roles:Delete", "roles/{name}");

        var keys = app.MapGroup("/api/v1/keys").WithTags("Identity").AddEndpointFilter<IdentityExceptionFilter>();
        keys.MapGet("", ListKeysAsync).Operation("ListKeys", "keys:List", readOnly: true);
        keys.MapPost("", CreateKeyAsync).Operation("CreateKey", "keys:Create");
        keys.MapGet("/{accessKeyId}", (string accessKeyId, HttpContext ctx, IdentityService id, CancellationToken ct) =>
            OnKeyAsync(ctx, id, accessKeyId, "keys:List", async () => Results.Ok(await id.GetKeyAsync(accessKeyId, ct).ConfigureAwait(false)), ct))
            .Operation("GetKey", "keys:List", readOnly: true);
        keys.MapMethods("/{accessKeyId}", [HttpMethods.Patch], UpdateKeyAsync).Operation("UpdateKey", "keys:Update");
        keys.MapPost("/{accessKeyId}/rotate", (string accessKeyId, HttpContext ctx, IdentityService id, CancellationToken ct) =>
            OnKeyAsync(ctx, id, accessKeyId, "keys:Rotate", async () =>
            {
                var created = await id.RotateKeyAsync(accessKeyId, ct).ConfigureAwait(false);
                ctx.Audit().Touch(ResourceNames.Key(created.Key.UserName, created.Key.AccessKeyId));
                ctx.Audit().Response = new System.Text.Json.Nodes.JsonObject { ["accessKeyId"] = created.Key.AccessKeyId, ["rotatedFrom"] = accessKeyId };
                return Results.Ok(created);
            }, ct)).Operation("RotateKey", "keys:Rotate");
        keys.MapDelete("/{accessKeyId}", (string accessKeyId, HttpContext ctx, IdentityService id, CancellationToken ct) =>
            OnKeyAsync(ctx, id, accessKeyId, "keys:Delete", async () =>
            {
                await id.DeleteKeyAsync(accessKeyId, ct).ConfigureAwait(false);
                return Results.NoContent();
            }, ct)).Operation("DeleteKey", "keys:Delete");
    }

    private static async Task<IResult> CreateUserAsync(HttpContext ctx, IdentityService id, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<CreateUserRequest>(ctx, ct).ConfigureAwait(false) ?? throw IdentityException.Invalid("body", "is required");
        ctx.Audit().Parameters = SecurityMiddleware.ToParameters(request);
        if (ctx.Deny("users:Create", ResourceNames.User(request.UserName ?? "")) is { } denied) return denied;
        var user = await id.CreateUserAsync(request, ct).ConfigureAwait(false);
        ctx.Audit().Response = new System.Text.Json.Nodes.JsonObject { ["userName"] = user.UserName };
        return Results.Created($"/api/v1/users/{Uri.EscapeDataString(user.UserName)}", user);
    }

    private static async Task<IResult> UpdateUserAsync(string userName, HttpContext ctx, IdentityService id, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<UpdateUserRequest>(ctx, ct).ConfigureAwait(false) ?? throw IdentityException.Invalid("body", "is required");
        ctx.Audit().Parameters = SecurityMiddleware.ToParameters(request);
        return Results.Ok(await id.UpdateUserAsync(userName, request, ct).ConfigureAwait(false));
    }

    private static async Task<IResult> CreateRoleAsync(HttpContext ctx, IdentityService id, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<PutRoleRequest>(ctx, ct).ConfigureAwait(false) ?? throw IdentityException.Invalid("body", "is required");
        ctx.Audit().Parameters = SecurityMiddleware.ToParameters(request);
        if (ctx.Deny("roles:Create", ResourceNames.Role(request.Name ?? "")) is { } denied) return denied;
        var role = await id.PutRoleAsync(request.Name ?? "", request, create: true, ct).ConfigureAwait(false);
        return Results.Created($"/api/v1/roles/{Uri.EscapeDataString(role.Name)}", role);
    }

    private static async Task<IResult> UpdateRoleAsync(string name, HttpContext ctx, IdentityService id, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<PutRoleRequest>(ctx, ct).ConfigureAwait(false) ?? throw IdentityException.Invalid("body", "is required");
        ctx.Audit().Parameters = SecurityMiddleware.ToParameters(request);
        return Results.Ok(await id.PutRoleAsync(name, request, create: false, ct).ConfigureAwait(false));
    }

    private static async Task<IResult> ListKeysAsync(HttpContext ctx, IdentityService id, string? userName, bool? all, CancellationToken ct)
    {
        if (all == true)
        {
            if (ctx.Deny("keys:List", "keys/*") is { } deniedAll) return deniedAll;
            return Results.Ok(new ListKeysResponse(await id.ListKeysAsync(null, ct).ConfigureAwait(false)));
        }

        var owner = userName ?? ctx.Principal().UserName;
        if (ctx.Deny("keys:List", ResourceNames.Key(owner, "*")) is { } denied) return denied;
        return Results.Ok(new ListKeysResponse(await id.ListKeysAsync(owner, ct).ConfigureAwait(false)));
    }

    private static async Task<IResult> CreateKeyAsync(HttpContext ctx, IdentityService id, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<CreateKeyRequest>(ctx, ct).ConfigureAwait(false) ?? new CreateKeyRequest();
        ctx.Audit().Parameters = SecurityMiddleware.ToParameters(request);
        var owner = request.UserName ?? ctx.Principal().UserName;
        if (ctx.Deny("keys:Create", ResourceNames.Key(owner, "*")) is { } denied) return denied;
        var created = await id.CreateKeyAsync(owner, request, null, ct).ConfigureAwait(false);
        ctx.Audit().Touch(ResourceNames.Key(owner, created.Key.AccessKeyId));
        ctx.Audit().Response = new System.Text.Json.Nodes.JsonObject { ["accessKeyId"] = created.Key.AccessKeyId, ["userName"] = owner, ["role"] = created.Key.Role };
        return Results.Created($"/api/v1/keys/{created.Key.AccessKeyId}", created);
    }

    private static async Task<IResult> UpdateKeyAsync(string accessKeyId, HttpContext ctx, IdentityService id, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<UpdateKeyRequest>(ctx, ct).ConfigureAwait(false) ?? throw IdentityException.Invalid("body", "is required");
        ctx.Audit().Parameters = SecurityMiddleware.ToParameters(request);
        return await OnKeyAsync(ctx, id, accessKeyId, "keys:Update",
            async () => Results.Ok(await id.UpdateKeyAsync(accessKeyId, request, ct).ConfigureAwait(false)), ct).ConfigureAwait(false);
    }

    /// <summary>Checks the action on keys/{owner}/{id} (the owner is looked up), then runs <paramref name="work"/>.</summary>
    private static async Task<IResult> OnKeyAsync(HttpContext ctx, IdentityService id, string accessKeyId, string action, Func<Task<IResult>> work, CancellationToken ct)
    {
        var owner = await id.KeyOwnerAsync(accessKeyId, ct).ConfigureAwait(false);

        // An unknown key is checked as one of the caller's own, so that the answer does not reveal which ids exist.
        if (ctx.Deny(action, ResourceNames.Key(owner ?? ctx.Principal().UserName, accessKeyId)) is { } denied) return denied;
        if (owner is null) throw IdentityException.NotFound("accessKeyId", $"no access key has the id '{accessKeyId}'");
        return await work().ConfigureAwait(false);
    }
}
