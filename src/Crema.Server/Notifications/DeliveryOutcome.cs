namespace Crema.Server.Notifications;

/// <summary>The final result of one delivery (delivered, or failed for good), raised by <see cref="NotificationPublisher.Delivered"/>.</summary>
public sealed record DeliveryOutcome(
    long DeliveryId,
    string TopicName,
    long SubscriptionId,
    string Protocol,
    string EndpointRedacted,
    string SourceType,
    string SourceName,
    bool Succeeded,
    int Attempts,
    string? Error,
    DateTimeOffset At);
