namespace Crema.Core.Advisor;

/// <summary>A topic's notification deliveries over the advisor's window: how many failed for good and how many were delivered.</summary>
public sealed record AdvisorTopicDeliveries(string Topic, int Failed, int Delivered);
