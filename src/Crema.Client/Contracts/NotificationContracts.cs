namespace Crema.Client.Contracts;

/// <summary>POST /api/v1/topics.</summary>
public sealed record CreateTopicRequest
{
    /// <summary>1–256 letters, digits, '-' or '_' (as an SNS topic name).</summary>
    public string? Name { get; init; }

    /// <summary>Optional, at most 100 characters.</summary>
    public string? DisplayName { get; init; }
}

/// <summary>A notification topic.</summary>
public sealed record TopicDto(string Name, string DisplayName, int Subscriptions, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>GET /api/v1/topics.</summary>
public sealed record ListTopicsResponse(IReadOnlyList<TopicDto> Topics);

/// <summary>POST /api/v1/topics/{name}/subscriptions.</summary>
public sealed record SubscribeRequest
{
    /// <summary>webhook, slack, email or log.</summary>
    public string? Protocol { get; init; }

    /// <summary>An absolute http(s) URL (webhook, slack), an e-mail address (email), or an optional label (log).</summary>
    public string? Endpoint { get; init; }
}

/// <summary>A subscription as listed: URLs are shown as scheme://host/… because a Slack or webhook URL can itself be a secret.</summary>
public sealed record SubscriptionDto(long Id, string TopicName, string Protocol, string Endpoint, bool HasSigningSecret, DateTimeOffset CreatedAt);

/// <summary>A new subscription; for a webhook, the signing secret, shown this once only.</summary>
public sealed record SubscribeResponse(SubscriptionDto Subscription, string? SigningSecret);

/// <summary>GET /api/v1/topics/{name}/subscriptions.</summary>
public sealed record ListSubscriptionsResponse(IReadOnlyList<SubscriptionDto> Subscriptions);

/// <summary>One message to one subscription and how it went (status Pending, Delivered or Failed).</summary>
public sealed record DeliveryDto(
    long Id,
    string TopicName,
    long SubscriptionId,
    string Protocol,
    string Endpoint,
    string SourceType,
    string SourceName,
    string Subject,
    string Status,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>GET /api/v1/topics/{name}/deliveries, newest first.</summary>
public sealed record ListDeliveriesResponse(IReadOnlyList<DeliveryDto> Deliveries);

/// <summary>POST /api/v1/topics/{name}/publish: a test message to every subscriber.</summary>
public sealed record PublishRequest
{
    /// <summary>1–100 characters (e-mail subject).</summary>
    public string? Subject { get; init; }

    /// <summary>The message text, required.</summary>
    public string? Text { get; init; }
}

/// <summary>The deliveries a publish queued (one per subscription).</summary>
public sealed record PublishResponse(IReadOnlyList<long> DeliveryIds);
