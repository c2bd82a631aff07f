namespace Crema.Core.Alarms;

/// <summary>The baseline's seasonal buckets: one level, 24 hours of the day, or 168 hours of the week.</summary>
public enum AnomalyBandSeasonality
{
    /// <summary>One robust level for all times (less than the hour-of-day minimum of history).</summary>
    None,

    /// <summary>24 buckets, one per hour of the (local) day.</summary>
    HourOfDay,

    /// <summary>168 buckets, one per hour of the (local) week, Sunday 00:00 first.</summary>
    HourOfWeek,
}
