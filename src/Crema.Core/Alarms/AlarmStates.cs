namespace Crema.Core.Alarms;

/// <summary>CloudWatch's spelling of <see cref="AlarmState"/> (OK, ALARM, INSUFFICIENT_DATA) both ways.</summary>
public static class AlarmStates
{
    /// <summary>OK, ALARM or INSUFFICIENT_DATA.</summary>
    public static string ToName(this AlarmState state) => state switch
    {
        AlarmState.Ok => "OK",
        AlarmState.Alarm => "ALARM",
        AlarmState.InsufficientData => "INSUFFICIENT_DATA",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not an alarm state"),
    };

    /// <summary>Parses OK, ALARM or INSUFFICIENT_DATA (case-insensitive; the enum names Ok, Alarm, InsufficientData too).</summary>
    public static bool TryParse(string? text, out AlarmState state)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "OK": state = AlarmState.Ok; return true;
            case "ALARM": state = AlarmState.Alarm; return true;
            case "INSUFFICIENT_DATA": case "INSUFFICIENTDATA": state = AlarmState.InsufficientData; return true;
            default: state = default; return false;
        }
    }
}
