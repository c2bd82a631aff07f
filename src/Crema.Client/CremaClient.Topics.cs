using System.Globalization;
using System.Text;
using Crema.Client.Contracts;

namespace Crema.Client;

/// <summary>Notification topics: create, list, delete, subscriptions, deliveries and test publishes.</summary>
public sealed partial class CremaClient
{
    /// <summary>Creates a topic; a 409 <see cref="CremaApiException"/> when one of that name exists.</summary>
    public Task<TopicDto> CreateTopicAsync(CreateTopicRequest request, CancellationToken ct = default) =>
        PostAsync<TopicDto>("api/v1/topics", request, ct);

    /// <summary>Every topic with its subscription count.</summary>
    public Task<ListTopicsResponse> ListTopicsAsync(CancellationToken ct = default) => GetAsync<ListTopicsResponse>("api/v1/topics", ct);

    /// <summary>One topic; a 404 <see cref="CremaApiException"/> when there is none of that name.</summary>
    public Task<TopicDto> GetTopicAsync(string name, CancellationToken ct = default) => GetAsync<TopicDto>(TopicPath(name), ct);

    /// <summary>Deletes a topic with its subscriptions and deliveries.</summary>
    public Task DeleteTopicAsync(string name, CancellationToken ct = default) => SendAsync(HttpMethod.Delete, TopicPath(name), null, ct);

    /// <summary>Subscribes an endpoint to the topic; for a webhook the answer holds the signing secret, shown this once only.</summary>
    public Task<SubscribeResponse> SubscribeAsync(string topicName, SubscribeRequest request, CancellationToken ct = default) =>
        PostAsync<SubscribeResponse>(TopicPath(topicName) + "/subscriptions", request, ct);

    /// <summary>The topic's subscriptions, URLs shown as scheme://host/… and never a signing secret.</summary>
    public Task<ListSubscriptionsResponse> ListSubscriptionsAsync(string topicName, CancellationToken ct = default) =>
        GetAsync<ListSubscriptionsResponse>(TopicPath(topicName) + "/subscriptions", ct);

    /// <summary>Removes one subscription of the topic.</summary>
    public Task UnsubscribeAsync(string topicName, long subscriptionId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, TopicPath(topicName) + "/subscriptions/" + subscriptionId.ToString(CultureInfo.InvariantCulture), null, ct);

    /// <summary>The topic's deliveries, newest first, optionally only those of one status (Pending, Delivered, Failed); at most <paramref name="limit"/> (server default 100).</summary>
    public Task<ListDeliveriesResponse> ListDeliveriesAsync(string topicName, string? status = null, int? limit = null, CancellationToken ct = default)
    {
        var q = new StringBuilder(TopicPath(topicName)).Append("/deliveries?");
        Add(q, "status", status);
        Add(q, "limit", limit?.ToString(CultureInfo.InvariantCulture));
        return GetAsync<ListDeliveriesResponse>(q[^1] == '?' ? q.ToString(0, q.Length - 1) : q.ToString(), ct);
    }

    /// <summary>Queues a test message to every subscription of the topic and returns the deliveries' ids (without waiting for them).</summary>
    public Task<PublishResponse> PublishAsync(string topicName, PublishRequest request, CancellationToken ct = default) =>
        PostAsync<PublishResponse>(TopicPath(topicName) + "/publish", request, ct);

    private static string TopicPath(string name) => "api/v1/topics/" + Segment(name);
}
