using System.Globalization;

namespace Crema.Core.Scaling;

/// <summary>When scheduled actions occur (Cronos, in the action's IANA time zone) and what applying one does to a target.</summary>
public static class ScheduledScaling
{
    /// <summary>The first occurrence of <paramref name="action"/> strictly after <paramref name="after"/> within [StartTime, EndTime], or null (also for an invalid schedule).</summary>
    public static DateTimeOffset? NextOccurrence(ScheduledAction action, DateTimeOffset after)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (!ScalingSchedule.TryParse(action.Schedule, action.TimeZone, out var schedule, out _)) return null;
        var from = after;
        // Start at the start time itself when it is later, so an occurrence exactly at StartTime counts.
        if (action.StartTime is { } start && start > after) from = start.AddTicks(-1);
        var next = schedule!.NextAfter(from);
        if (next is null || (action.EndTime is { } end && next > end)) return null;
        return next;
    }

    /// <summary>Occurrences in (<paramref name="after"/>, <paramref name="now"/>], oldest first; a cron action that fell due several times counts once, at its latest time.</summary>
    public static IReadOnlyList<ScheduledOccurrence> Due(IReadOnlyList<ScheduledAction> actions, DateTimeOffset after, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var due = new List<ScheduledOccurrence>();
        foreach (var a in actions)
        {
            DateTimeOffset? latest = null;
            for (var t = NextOccurrence(a, after); t is { } at && at <= now; t = NextOccurrence(a, at)) latest = at;
            if (latest is { } l) due.Add(new ScheduledOccurrence(a, l));
        }
        due.Sort((x, y) => x.At.CompareTo(y.At));
        return due;
    }

    /// <summary>
    /// Applies <paramref name="action"/>: new minimum and maximum where given, the desired capacity where given, and
    /// the desired capacity moved into the new [min, max] (as Application Auto Scaling does when the range moves).
    /// </summary>
    public static ScheduledScalingResult Apply(ScalableTarget target, ScheduledAction action, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(action);
        var unit = target.CapacityUnit;
        var label = $"Scheduled action \"{action.Name}\"";
        if (target.Suspended.ScheduledScaling) return Skip(target, label + " skipped: scheduled scaling is suspended");
        var min = action.MinCapacity ?? target.MinCapacity;
        var max = action.MaxCapacity ?? target.MaxCapacity;
        if (min > max) return Skip(target, label + $" skipped: its minimum {min} would be above the maximum {max}");

        var wanted = action.DesiredCapacity ?? target.DesiredCapacity;
        var desired = Math.Clamp(wanted, min, max);
        var parts = new List<string>();
        if (min != target.MinCapacity) parts.Add($"minimum {target.MinCapacity} → {min}");
        if (max != target.MaxCapacity) parts.Add($"maximum {target.MaxCapacity} → {max}");
        if (desired != target.DesiredCapacity) parts.Add(ScalingText.Change(unit, target.DesiredCapacity, desired));
        var cause = label + " at " + now.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC: "
            + (parts.Count == 0 ? "nothing to change" : string.Join(", ", parts));
        var updated = target with { MinCapacity = min, MaxCapacity = max, DesiredCapacity = desired };
        var decision = new ScalingDecision(target.Name, ScalingDecisionKind.Scheduled, target.DesiredCapacity, desired, cause, null, null, null, []);
        return new ScheduledScalingResult(updated, decision);
    }

    private static ScheduledScalingResult Skip(ScalableTarget target, string cause)
        => new(target, new ScalingDecision(target.Name, ScalingDecisionKind.None, target.DesiredCapacity, target.DesiredCapacity, cause, null, null, null, []));
}
