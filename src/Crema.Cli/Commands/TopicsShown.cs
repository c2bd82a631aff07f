using Crema.Client.Contracts;

namespace Crema.Cli.Commands;

/// <summary>What `crema topics show NAME --json` prints: the topic and its subscriptions.</summary>
internal sealed record TopicsShown(TopicDto Topic, IReadOnlyList<SubscriptionDto> Subscriptions);
