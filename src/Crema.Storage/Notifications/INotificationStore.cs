namespace Crema.Storage.Notifications;

/// <summary>Topics, their subscriptions and the durable queue of deliveries (tables notification_*).</summary>
public interface INotificationStore
{
    /// <summary>Creates a topic; null when one of that name exists.</summary>
    Task<TopicRecord?> CreateTopicAsync(string name, string displayName, CancellationToken ct = default);

    Task<TopicRecord?> FindTopicAsync(string name, CancellationToken ct = default);

    Task<IReadOnlyList<TopicRecord>> ListTopicsAsync(CancellationToken ct = default);

    /// <summary>Deletes a topic with its subscriptions and their deliveries; false when there was none.</summary>
    Task<bool> DeleteTopicAsync(string name, CancellationToken ct = default);

    /// <summary>Adds a subscription to an existing topic; null when the topic does not exist.</summary>
    Task<SubscriptionRecord?> AddSubscriptionAsync(string topicName, string protocol, string endpointRedacted, string endpointProtected,
        string? secretProtected, CancellationToken ct = default);

    Task<IReadOnlyList<SubscriptionRecord>> ListSubscriptionsAsync(string topicName, CancellationToken ct = default);

    /// <summary>Deletes a subscription of the topic (and its deliveries); false when the topic has no such subscription.</summary>
    Task<bool> DeleteSubscriptionAsync(string topicName, long subscriptionId, CancellationToken ct = default);

    /// <summary>
    /// In one transaction, queues a Pending delivery due now for every subscription of the topic; null when
    /// the topic does not exist, else the deliveries' ids (none when it has no subscriptions).
    /// </summary>
    Task<IReadOnlyList<long>?> EnqueueAsync(string topicName, NotificationContent content, CancellationToken ct = default);

    /// <summary>Pending deliveries due at or before <paramref name="now"/>, oldest due first.</summary>
    Task<IReadOnlyList<DeliveryWork>> ListDueAsync(DateTimeOffset now, int limit, CancellationToken ct = default);

    /// <summary>When the earliest pending delivery is due; null when none is pending.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken ct = default);

    /// <summary>Records an attempt's result: the new status, attempt count, next due time (Pending only) and error.</summary>
    Task RecordAttemptAsync(long deliveryId, DeliveryStatus status, int attempts, DateTimeOffset? nextAttemptAt, string? lastError,
        CancellationToken ct = default);

    /// <summary>A topic's deliveries, newest first, optionally of one status.</summary>
    Task<IReadOnlyList<DeliveryRecord>> ListDeliveriesAsync(string topicName, DeliveryStatus? status, int limit, CancellationToken ct = default);

    Task<DeliveryRecord?> FindDeliveryAsync(long deliveryId, CancellationToken ct = default);

    /// <summary>Deletes Delivered and Failed deliveries last updated before <paramref name="before"/>; returns how many.</summary>
    Task<int> DeleteFinishedBeforeAsync(DateTimeOffset before, CancellationToken ct = default);
}
