namespace Crema.Core.Alarms;

/// <summary>What a forecast concluded about the series and the level.</summary>
public enum ForecastStatus
{
    /// <summary>The series is heading for the level and reaches it within the horizon.</summary>
    Crossing,

    /// <summary>The fitted line crossed the level inside the window: the series is already past it.</summary>
    AlreadyCrossed,

    /// <summary>The series is flat or moving away from the level.</summary>
    NotHeading,

    /// <summary>The series is heading for the level but reaches it only after <see cref="ForecastOptions.MaxHorizon"/>.</summary>
    BeyondHorizon,

    /// <summary>Too few usable points in the window (after the last step) to fit a trend.</summary>
    TooFewPoints,
}
