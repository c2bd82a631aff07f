namespace Crema.Core.Advisor;

/// <summary>A scalable target: its bounds, current capacity, creation time and the capacity changes of the last week (oldest first).</summary>
public sealed record AdvisorScalingTarget(
    string Name,
    int MinCapacity,
    int MaxCapacity,
    int Capacity,
    DateTimeOffset CreatedAt,
    IReadOnlyList<AdvisorCapacityChange> Changes);
