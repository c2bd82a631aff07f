using Crema.Client.Contracts;
using Crema.Server.Hosting;
using Crema.Server.Security;
using Crema.Storage.Notifications;
using Microsoft.AspNetCore.DataProtection;

namespace Crema.Server.Notifications;

/// <summary>Manages topics and subscriptions: validates requests, encrypts endpoints and signing secrets, and lists them redacted.</summary>
public sealed class NotificationService
{
    private readonly StorageHost _storage;
    private readonly IDataProtector _protector;

    public NotificationService(StorageHost storage, IDataProtectionProvider protection)
    {
        ArgumentNullException.ThrowIfNull(protection);
        _storage = storage;
        _protector = protection.CreateProtector(NotificationPublisher.ProtectorPurpose);
    }

    private INotificationStore Store => _storage.Metadata.Notifications;

    /// <summary>Whether a topic of that name exists (for checking alarm actions).</summary>
    public async Task<bool> TopicExistsAsync(string name, CancellationToken ct) =>
        await Store.FindTopicAsync(name, ct).ConfigureAwait(false) is not null;

    public async Task<TopicDto> CreateTopicAsync(CreateTopicRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        NotificationRules.CheckTopicName(request.Name, "name");
        var displayName = request.DisplayName ?? "";
        if (displayName.Length > NotificationRules.MaxDisplayName)
            throw IdentityException.Invalid("displayName", $"must be at most {NotificationRules.MaxDisplayName} characters");
        var topic = await Store.CreateTopicAsync(request.Name!, displayName, ct).ConfigureAwait(false)
            ?? throw IdentityException.Conflict("name", $"a topic named '{request.Name}' already exists");
        return ToDto(topic);
    }

    public async Task<TopicDto> GetTopicAsync(string name, CancellationToken ct) => ToDto(await FindAsync(name, ct).ConfigureAwait(false));

    public async Task<IReadOnlyList<TopicDto>> ListTopicsAsync(CancellationToken ct)
    {
        var topics = await Store.ListTopicsAsync(ct).ConfigureAwait(false);
        return topics.Select(ToDto).ToList();
    }

    public async Task DeleteTopicAsync(string name, CancellationToken ct)
    {
        if (!await Store.DeleteTopicAsync(name, ct).ConfigureAwait(false)) throw TopicNotFound(name);
    }

    /// <summary>Adds a subscription; a webhook gets a new signing secret, returned here and never again.</summary>
    public async Task<SubscribeResponse> SubscribeAsync(string topicName, SubscribeRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var protocol = NotificationRules.CheckProtocol(request.Protocol);
        var endpoint = NotificationRules.CheckEndpoint(protocol, request.Endpoint);
        var secret = protocol == NotificationProtocols.Webhook ? WebhookSignature.NewSecret() : null;
        var record = await Store.AddSubscriptionAsync(topicName, protocol, NotificationRules.Redact(protocol, endpoint), _protector.Protect(endpoint),
            secret is null ? null : _protector.Protect(secret), ct).ConfigureAwait(false) ?? throw TopicNotFound(topicName);
        return new SubscribeResponse(ToDto(record), secret);
    }

    public async Task<IReadOnlyList<SubscriptionDto>> ListSubscriptionsAsync(string topicName, CancellationToken ct)
    {
        await FindAsync(topicName, ct).ConfigureAwait(false);
        var subscriptions = await Store.ListSubscriptionsAsync(topicName, ct).ConfigureAwait(false);
        return subscriptions.Select(ToDto).ToList();
    }

    public async Task UnsubscribeAsync(string topicName, long subscriptionId, CancellationToken ct)
    {
        await FindAsync(topicName, ct).ConfigureAwait(false);
        if (!await Store.DeleteSubscriptionAsync(topicName, subscriptionId, ct).ConfigureAwait(false))
            throw IdentityException.NotFound("id", $"topic '{topicName}' has no subscription {subscriptionId}");
    }

    /// <summary>The topic's deliveries, newest first; <paramref name="status"/> is Pending, Delivered or Failed (any case) or null for all.</summary>
    public async Task<IReadOnlyList<DeliveryDto>> ListDeliveriesAsync(string topicName, string? status, int? limit, CancellationToken ct)
    {
        DeliveryStatus? filter = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<DeliveryStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || char.IsDigit(status[0]))
                throw IdentityException.Invalid("status", "must be Pending, Delivered or Failed");
            filter = parsed;
        }

        if (limit is < 1 or > 1000) throw IdentityException.Invalid("limit", "must be between 1 and 1000");
        await FindAsync(topicName, ct).ConfigureAwait(false);
        var deliveries = await Store.ListDeliveriesAsync(topicName, filter, limit ?? 100, ct).ConfigureAwait(false);
        return deliveries.Select(ToDto).ToList();
    }

    private async Task<TopicRecord> FindAsync(string name, CancellationToken ct) =>
        await Store.FindTopicAsync(name, ct).ConfigureAwait(false) ?? throw TopicNotFound(name);

    private static IdentityException TopicNotFound(string name) => IdentityException.NotFound("name", $"no topic is named '{name}'");

    private static TopicDto ToDto(TopicRecord t) => new(t.Name, t.DisplayName, t.SubscriptionCount, t.CreatedAt, t.UpdatedAt);

    private static SubscriptionDto ToDto(SubscriptionRecord s) =>
        new(s.Id, s.TopicName, s.Protocol, s.EndpointRedacted, s.SecretProtected is not null, s.CreatedAt);

    private static DeliveryDto ToDto(DeliveryRecord d) => new(d.Id, d.TopicName, d.SubscriptionId, d.Protocol, d.EndpointRedacted, d.Content.SourceType,
        d.Content.SourceName, d.Content.Subject, d.Status.ToString(), d.Attempts, d.NextAttemptAt, d.LastError, d.CreatedAt, d.UpdatedAt);
}
