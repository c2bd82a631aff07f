namespace Crema.Core.MetricMath;

/// <summary>How FILL fills a missing period other than with a constant.</summary>
public enum FillMode
{
    /// <summary>The most recent earlier value.</summary>
    Repeat,

    /// <summary>Linear interpolation between the values either side of the gap.</summary>
    Linear,
}
