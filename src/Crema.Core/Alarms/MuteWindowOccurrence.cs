namespace Crema.Core.Alarms;

/// <summary>One stretch of time a mute window silences actions: from <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive).</summary>
public readonly record struct MuteWindowOccurrence(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>Whether <paramref name="at"/> lies inside.</summary>
    public bool Contains(DateTimeOffset at) => Start <= at && at < End;
}
