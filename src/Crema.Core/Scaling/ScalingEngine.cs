namespace Crema.Core.Scaling;

/// <summary>
/// Decides a target's new desired capacity as a pure function of the target, its policies, what their alarms show,
/// the recent activities and the time, following Application Auto Scaling's documented rules.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Target tracking scales out to ceil(base × metric / target) (at least base + 1) while its high alarm is in
/// ALARM, and in to ceil(current × metric / target), the least capacity predicted to keep the metric at or below
/// the target, only while its 15-minute low alarm is in ALARM.</item>
/// <item>Base: capacity added in the last max(scale-out cooldown, warm-up) seconds is left out of the capacity the
/// metric is scaled from, because the metric does not show it yet; a scale-out happens only when it goes beyond the
/// desired capacity, which already counts that capacity. So the same breach is not answered twice, while a larger
/// breach scales out again at once.</item>
/// <item>Scale-out is allowed during a scale-in cooldown; scale-in waits for its cooldown and for warm-up to end.</item>
/// <item>Several policies: the largest capacity wins for scale-out; scale-in happens only when every target-tracking
/// policy that may scale in proposes it (step policies without an alarm do not hold it back), and then to the
/// largest proposed capacity.</item>
/// <item>The result is clamped to [min, max]; suspension and scale-in protection are respected.</item>
/// </list>
/// </remarks>
public static partial class ScalingEngine
{
    /// <summary>The decision for <paramref name="target"/> at <paramref name="now"/>; <paramref name="recentActivities"/> needs the last hour or the longest cooldown.</summary>
    public static ScalingDecision Decide(
        ScalableTarget target,
        IReadOnlyList<ScalingPolicy> policies,
        IReadOnlyList<ScalingObservation> observations,
        IReadOnlyList<ScalingActivity> recentActivities,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(recentActivities);

        var proposals = new PolicyProposal[policies.Count];
        for (var i = 0; i < policies.Count; i++)
        {
            var observation = Find(observations, policies[i].Name);
            proposals[i] = policies[i] switch
            {
                TargetTrackingPolicy tt => ProposeTargetTracking(target, tt, observation, recentActivities, now),
                StepScalingPolicy step => ProposeStep(target, step, observation, recentActivities, now),
                _ => new PolicyProposal(policies[i].Name, PolicyProposalKind.Idle, target.DesiredCapacity, null, null, "Unknown policy type"),
            };
        }

        var desired = target.DesiredCapacity;
        var unit = target.CapacityUnit;
        PolicyProposal? bestOut = null;
        foreach (var p in proposals)
            if (p.Kind == PolicyProposalKind.ScaleOut && (bestOut is null || p.Capacity > bestOut.Capacity)) bestOut = p;
        if (bestOut is not null)
        {
            if (target.Suspended.DynamicScalingOut)
                return None(target, proposals, bestOut, bestOut.Reason + ", but scale-out is suspended");
            var capped = Math.Clamp(bestOut.Capacity, target.MinCapacity, target.MaxCapacity);
            if (capped <= desired)
                return None(target, proposals, bestOut, bestOut.Reason + $", but {unit} are already at the maximum of {target.MaxCapacity}");
            var note = capped < bestOut.Capacity ? $" (capped at the maximum of {target.MaxCapacity})" : "";
            return Change(target, proposals, bestOut, ScalingDecisionKind.ScaleOut, capped, bestOut.Reason + ": " + ScalingText.Change(unit, desired, capped) + note);
        }

        PolicyProposal? bestIn = null;
        foreach (var p in proposals)
            if (p.Kind == PolicyProposalKind.ScaleIn && (bestIn is null || p.Capacity > bestIn.Capacity)) bestIn = p;
        if (bestIn is not null)
        {
            var notReady = NotReadyToScaleIn(policies, proposals);
            if (notReady is not null)
                return None(target, proposals, bestIn, bestIn.Reason + $", but policy \"{notReady.PolicyName}\" is not ready to scale in ({Lower(notReady.Reason)})");
            if (target.ScaleInProtected)
                return None(target, proposals, bestIn, bestIn.Reason + ", but scale-in protection is on");
            if (target.Suspended.DynamicScalingIn)
                return None(target, proposals, bestIn, bestIn.Reason + ", but scale-in is suspended");
            var floored = Math.Clamp(bestIn.Capacity, target.MinCapacity, target.MaxCapacity);
            if (floored >= desired)
                return None(target, proposals, bestIn, bestIn.Reason + $", but {unit} are already at the minimum of {target.MinCapacity}");
            var note = floored > bestIn.Capacity ? $" (kept at the minimum of {target.MinCapacity})" : "";
            return Change(target, proposals, bestIn, ScalingDecisionKind.ScaleIn, floored, bestIn.Reason + ": " + ScalingText.Change(unit, desired, floored) + note);
        }

        if (desired < target.MinCapacity || desired > target.MaxCapacity)
        {
            var clamped = Math.Clamp(desired, target.MinCapacity, target.MaxCapacity);
            var cause = desired < target.MinCapacity
                ? $"{Capitalize(unit)} were below the minimum of {target.MinCapacity}: " + ScalingText.Change(unit, desired, clamped)
                : $"{Capitalize(unit)} were above the maximum of {target.MaxCapacity}: " + ScalingText.Change(unit, desired, clamped);
            if (clamped < desired && target.ScaleInProtected) return None(target, proposals, null, cause + " not made: scale-in protection is on");
            return Change(target, proposals, null, ScalingDecisionKind.Clamp, clamped, cause);
        }

        foreach (var p in proposals)
            if (p.Kind == PolicyProposalKind.Hold) return None(target, proposals, p, "No change: " + Lower(p.Reason));
        return None(target, proposals, null, $"No change: no scaling alarm is in ALARM ({unit} {desired})");
    }

    /// <summary>The target-tracking policy (that may scale in) whose proposal is not a scale-in, or null when all agree.</summary>
    private static PolicyProposal? NotReadyToScaleIn(IReadOnlyList<ScalingPolicy> policies, PolicyProposal[] proposals)
    {
        for (var i = 0; i < policies.Count; i++)
            if (policies[i] is TargetTrackingPolicy { DisableScaleIn: false } && proposals[i].Kind != PolicyProposalKind.ScaleIn) return proposals[i];
        return null;
    }

    private static ScalingObservation? Find(IReadOnlyList<ScalingObservation> observations, string policyName)
    {
        foreach (var o in observations)
            if (string.Equals(o.PolicyName, policyName, StringComparison.Ordinal)) return o;
        return null;
    }

    /// <summary>Capacity added by increases in (now − window, now].</summary>
    internal static int AddedWithin(IReadOnlyList<ScalingActivity> activities, DateTimeOffset now, int windowSeconds)
    {
        if (windowSeconds <= 0) return 0;
        var from = now.AddSeconds(-windowSeconds);
        var added = 0;
        foreach (var a in activities)
            if (a.At > from && a.At <= now && a.ToCapacity > a.FromCapacity) added += a.ToCapacity - a.FromCapacity;
        return added;
    }

    /// <summary>The newest decrease in (now − window, now], or null.</summary>
    internal static ScalingActivity? LastDecreaseWithin(IReadOnlyList<ScalingActivity> activities, DateTimeOffset now, int windowSeconds)
    {
        if (windowSeconds <= 0) return null;
        var from = now.AddSeconds(-windowSeconds);
        ScalingActivity? last = null;
        foreach (var a in activities)
            if (a.At > from && a.At <= now && a.ToCapacity < a.FromCapacity && (last is null || a.At > last.At)) last = a;
        return last;
    }

    private static ScalingDecision None(ScalableTarget target, PolicyProposal[] proposals, PolicyProposal? p, string cause)
        => new(target.Name, ScalingDecisionKind.None, target.DesiredCapacity, target.DesiredCapacity, cause, p?.PolicyName, p?.MetricValue, p?.TargetValue, proposals);

    private static ScalingDecision Change(ScalableTarget target, PolicyProposal[] proposals, PolicyProposal? p, ScalingDecisionKind kind, int capacity, string cause)
        => new(target.Name, kind, target.DesiredCapacity, capacity, cause, p?.PolicyName, p?.MetricValue, p?.TargetValue, proposals);

    private static string Lower(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
