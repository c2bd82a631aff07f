namespace Crema.Core.Metrics;

/// <summary>How finely a metric's samples are kept: 1 s (high resolution) or 60 s (standard).</summary>
public static class StorageResolution
{
    public const int High = 1;
    public const int Standard = 60;

    public static bool IsValid(int seconds) => seconds is High or Standard;
}
