using System.Text.Json.Nodes;
using Crema.Client.Contracts;
using Crema.Core.Identity;
using Crema.Server.Audit;
using Crema.Server.Http;
using Crema.Server.Security;

namespace Crema.Server.Notifications;

/// <summary>Topics, subscriptions, deliveries and test publishes under /api/v1/topics.</summary>
internal static class NotificationEndpoints
{
    public static void MapNotifications(this WebApplication app)
    {
        var topics = app.MapGroup("/api/v1/topics").WithTags("Notifications").AddEndpointFilter<IdentityExceptionFilter>();
        topics.MapGet("", async (NotificationService n, CancellationToken ct) => Results.Ok(new ListTopicsResponse(await n.ListTopicsAsync(ct).ConfigureAwait(false))))
            .Operation("ListTopics", "topics:List", "topics/*", readOnly: true);
        topics.MapPost("", CreateTopicAsync).Operation("CreateTopic", "topics:Create");
        topics.MapGet("/{name}", async (string name, NotificationService n, CancellationToken ct) => Results.Ok(await n.GetTopicAsync(name, ct).ConfigureAwait(false)))
            .Operation("GetTopic", "topics:Get", "topics/{name}", readOnly: true);
        topics.MapDelete("/{name}", async (string name, NotificationService n, CancellationToken ct) =>
        {
            await n.DeleteTopicAsync(name, ct).ConfigureAwait(false);
            return Results.NoContent();
        }).Operation("DeleteTopic", "topics:Delete", "topics/{name}");
        topics.MapPost("/{name}/subscriptions", SubscribeAsync).Operation("Subscribe", "topics:Subscribe", "topics/{name}");
        topics.MapGet("/{name}/subscriptions", async (string name, NotificationService n, CancellationToken ct) =>
                Results.Ok(new ListSubscriptionsResponse(await n.ListSubscriptionsAsync(name, ct).ConfigureAwait(false))))
            .Operation("ListSubscriptionsByTopic", "topics:Get", "topics/{name}", readOnly: true);
        topics.MapDelete("/{name}/subscriptions/{id:long}", async (string name, long id, NotificationService n, CancellationToken ct) =>
        {
            await n.UnsubscribeAsync(name, id, ct).ConfigureAwait(false);
            return Results.NoContent();
        }).Operation("Unsubscribe", "topics:Unsubscribe", "topics/{name}");
        topics.MapGet("/{name}/deliveries", async (string name, string? status, int? limit, NotificationService n, CancellationToken ct) =>
                Results.Ok(new ListDeliveriesResponse(await n.ListDeliveriesAsync(name, status, limit, ct).ConfigureAwait(false))))
            .Operation("ListDeliveries", "topics:Get", "topics/{name}", readOnly: true);
        topics.MapPost("/{name}/publish", PublishAsync).Operation("Publish", "topics:Publish", "topics/{name}");
    }

    private static async Task<IResult> CreateTopicAsync(HttpContext ctx, NotificationService n, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<CreateTopicRequest>(ctx, ct).ConfigureAwait(false) ?? throw IdentityException.Invalid("body", "is required");
        ctx.Audit().Parameters = SecurityMiddleware.ToParameters(request);
        if (ctx.Deny("topics:Create", ResourceNames.Topic(request.Name ?? "")) is { } denied) return denied;
        var topic = await n.CreateTopicAsync(request, ct).ConfigureAwait(false);
        return Results.Created($"/api/v1/topics/{Uri.EscapeDataString(topic.Name)}", topic);
    }

    private static async Task<IResult> SubscribeAsync(string name, HttpContext ctx, NotificationService n, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<SubscribeRequest>(ctx, ct).ConfigureAwait(false) ?? throw IdentityException.Invalid("body", "is required");

        // Webhook and Slack URLs carry secrets in their paths, so the trail keeps only scheme://host/….
        var protocol = request.Protocol?.ToLowerInvariant() ?? "";
        ctx.Audit().Parameters = new JsonObject
        {
            ["name"] = name,
            ["protocol"] = request.Protocol,
            ["endpoint"] = request.Endpoint is null ? null : NotificationRules.Redact(protocol is NotificationProtocols.Email or NotificationProtocols.Log ? protocol : NotificationProtocols.Webhook, request.Endpoint),
        };
        var created = await n.SubscribeAsync(name, request, ct).ConfigureAwait(false);
        ctx.Audit().Response = new JsonObject { ["subscriptionId"] = created.Subscription.Id, ["protocol"] = created.Subscription.Protocol };
        return Results.Created($"/api/v1/topics/{Uri.EscapeDataString(name)}/subscriptions/{created.Subscription.Id}", created);
    }

    private static async Task<IResult> PublishAsync(string name, HttpContext ctx, NotificationPublisher publisher, TimeProvider time, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<PublishRequest>(ctx, ct).ConfigureAwait(false) ?? throw IdentityException.Invalid("body", "is required");
        ctx.Audit().Parameters = SecurityMiddleware.ToParameters(request);
        if (string.IsNullOrWhiteSpace(request.Subject)) throw IdentityException.Invalid("subject", "is required");
        if (request.Subject.Length > NotificationRules.MaxSubject) throw IdentityException.Invalid("subject", $"must be at most {NotificationRules.MaxSubject} characters");
        if (request.Subject.Contains('\n', StringComparison.Ordinal) || request.Subject.Contains('\r', StringComparison.Ordinal))
            throw IdentityException.Invalid("subject", "must be one line");
        if (string.IsNullOrEmpty(request.Text)) throw IdentityException.Invalid("text", "is required");
        if (request.Text.Length > NotificationRules.MaxText) throw IdentityException.Invalid("text", $"must be at most {NotificationRules.MaxText} characters");

        var caller = ctx.Principal().UserName;
        var body = new JsonObject
        {
            ["type"] = "TestMessage",
            ["topic"] = name,
            ["subject"] = request.Subject,
            ["text"] = request.Text,
            ["publishedBy"] = caller,
            ["timestamp"] = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        var ids = await publisher.PublishAsync(name, new NotificationMessage("Test", caller, request.Subject, request.Text, body, null), ct).ConfigureAwait(false);
        ctx.Audit().Response = new JsonObject { ["deliveries"] = ids.Count };
        return Results.Ok(new PublishResponse(ids));
    }
}
