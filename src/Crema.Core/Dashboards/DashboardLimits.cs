namespace Crema.Core.Dashboards;

/// <summary>The limits a dashboard body is validated against (docs/formats/dashboards.md).</summary>
public static class DashboardLimits
{
    /// <summary>The largest body, in UTF-8 bytes (1 MiB).</summary>
    public const int MaxBodyBytes = 1 << 20;

    public const int MaxWidgets = 500;

    /// <summary>The grid's width in columns.</summary>
    public const int GridColumns = 24;

    public const int MaxWidgetHeight = 1000;

    /// <summary>The largest y a widget may start at (far beyond any real layout; keeps sums of y and height in range).</summary>
    public const int MaxWidgetY = 100_000;

    public const int MinQueriesPerWidget = 1;

    public const int MaxQueriesPerWidget = 100;

    /// <summary>The longest markdown text, in UTF-8 bytes (16 KiB).</summary>
    public const int MaxMarkdownBytes = 16 * 1024;

    public const int MaxRefreshSeconds = 86_400;

    /// <summary>Alarms per widget (shaded or listed), horizontal annotations per widget.</summary>
    public const int MaxAlarmsPerWidget = 100;

    public const int MaxAnnotationsPerWidget = 100;

    public const int MaxTitleLength = 255;

    public const int MaxLabelLength = 255;

    public const int MaxExpressionLength = 1024;

    public const int MaxDimensions = 30;

    /// <summary>How many errors one validation reports at most (the first ones, in body order).</summary>
    public const int MaxErrors = 100;

    /// <summary>How far back a relative start may reach (longer than the 5-year 1-hour rollups).</summary>
    public static readonly TimeSpan MaxLookBack = TimeSpan.FromDays(3660);
}
