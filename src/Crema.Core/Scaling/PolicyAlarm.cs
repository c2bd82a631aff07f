namespace Crema.Core.Scaling;

/// <summary>Which of a policy's alarms is in ALARM now.</summary>
public enum PolicyAlarm
{
    /// <summary>None: the policy proposes nothing (and holds back scale-in by other target-tracking policies).</summary>
    None,

    /// <summary>A target-tracking policy's high alarm, or a step policy's alarm.</summary>
    High,

    /// <summary>A target-tracking policy's low alarm (a step policy treats it like High).</summary>
    Low,
}
