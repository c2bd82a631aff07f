namespace Crema.Core.Alarms;

/// <summary>The state a rule function tests for: ALARM(...), OK(...) or INSUFFICIENT_DATA(...).</summary>
public enum CompositeRuleStateFunction
{
    /// <summary>True when the named alarm is in ALARM.</summary>
    Alarm,

    /// <summary>True when the named alarm is OK.</summary>
    Ok,

    /// <summary>True when the named alarm is in INSUFFICIENT_DATA (or unknown).</summary>
    InsufficientData,
}
