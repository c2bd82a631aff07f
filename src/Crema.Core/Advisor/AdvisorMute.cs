namespace Crema.Core.Advisor;

/// <summary>A mute window: null <see cref="EndsAt"/> means it never ends.</summary>
public sealed record AdvisorMute(string Name, DateTimeOffset? EndsAt);
