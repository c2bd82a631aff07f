namespace Crema.Core.Alarms;

/// <summary>CloudWatch's names for <see cref="TreatMissingData"/>: missing, notBreaching, breaching, ignore.</summary>
public static class TreatMissingDataNames
{
    /// <summary>missing, notBreaching, breaching or ignore.</summary>
    public static string ToName(this TreatMissingData treat) => treat switch
    {
        TreatMissingData.Missing => "missing",
        TreatMissingData.NotBreaching => "notBreaching",
        TreatMissingData.Breaching => "breaching",
        TreatMissingData.Ignore => "ignore",
        _ => throw new ArgumentOutOfRangeException(nameof(treat), treat, "not a treat-missing-data value"),
    };

    /// <summary>Parses missing, notBreaching, breaching, ignore (case-insensitive; "not_breaching" and "not-breaching" too).</summary>
    public static bool TryParse(string? text, out TreatMissingData treat)
    {
        switch (text?.Trim().Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToUpperInvariant())
        {
            case "MISSING": treat = TreatMissingData.Missing; return true;
            case "NOTBREACHING": treat = TreatMissingData.NotBreaching; return true;
            case "BREACHING": treat = TreatMissingData.Breaching; return true;
            case "IGNORE": treat = TreatMissingData.Ignore; return true;
            default: treat = default; return false;
        }
    }
}
