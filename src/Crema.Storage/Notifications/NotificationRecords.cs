namespace Crema.Storage.Notifications;

/// <summary>A notification topic as stored, with how many subscriptions it has.</summary>
public sealed record TopicRecord(string Name, string DisplayName, int SubscriptionCount, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// A subscription as stored: the endpoint both redacted (for listings) and encrypted with the server key
/// (webhook and Slack URLs are secrets), and the webhook signing secret encrypted.
/// </summary>
public sealed record SubscriptionRecord(
    long Id,
    string TopicName,
    string Protocol,
    string EndpointRedacted,
    string EndpointProtected,
    string? SecretProtected,
    DateTimeOffset CreatedAt);

/// <summary>What a publish stores once per subscription: where it came from and what it says (BodyJson is what a webhook receives).</summary>
public sealed record NotificationContent(string SourceType, string SourceName, string Subject, string Text, string BodyJson, string? Link);

/// <summary>One message to one subscription and how its delivery went.</summary>
public sealed record DeliveryRecord(
    long Id,
    string TopicName,
    long SubscriptionId,
    string Protocol,
    string EndpointRedacted,
    NotificationContent Content,
    DeliveryStatus Status,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A pending delivery with what the sender needs (the encrypted endpoint and secret).</summary>
public sealed record DeliveryWork(DeliveryRecord Delivery, string EndpointProtected, string? SecretProtected);
