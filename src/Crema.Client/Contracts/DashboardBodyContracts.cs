namespace Crema.Client.Contracts;

/// <summary>A dashboard body (docs/formats/dashboards.md), for code that builds dashboards; null members are left out of the JSON.</summary>
public sealed record DashboardBodyDto
{
    public string? Title { get; init; }

    /// <summary>A negative ISO-8601 duration back from now (-PT3H) or an absolute ISO time.</summary>
    public string? Start { get; init; }

    /// <summary>Null: now (live); or an absolute ISO time.</summary>
    public string? End { get; init; }

    /// <summary>"local" or "UTC".</summary>
    public string? Timezone { get; init; }

    /// <summary>Seconds between auto-refreshes, 0 = off.</summary>
    public int? Refresh { get; init; }

    public IReadOnlyList<DashboardWidgetDto> Widgets { get; init; } = [];
}

/// <summary>One widget on the 24-column grid.</summary>
public sealed record DashboardWidgetDto
{
    /// <summary>"metric", "alarm" or "text".</summary>
    public string Type { get; init; } = "metric";

    public int X { get; init; }

    public int Y { get; init; }

    public int Width { get; init; } = 12;

    public int Height { get; init; } = 6;

    public DashboardWidgetPropertiesDto Properties { get; init; } = new();
}

/// <summary>A widget's properties; which ones apply depends on the widget's type.</summary>
public sealed record DashboardWidgetPropertiesDto
{
    public string? Title { get; init; }

    /// <summary>metric: "timeSeries", "bar", "singleValue" or "gauge".</summary>
    public string? View { get; init; }

    /// <summary>metric, timeSeries only: stacked area.</summary>
    public bool? Stacked { get; init; }

    /// <summary>metric: the statistic of queries without their own.</summary>
    public string? Stat { get; init; }

    /// <summary>metric: the period (seconds) of queries without their own.</summary>
    public int? Period { get; init; }

    /// <summary>metric: queries exactly as POST /api/v1/metrics/query takes them.</summary>
    public IReadOnlyList<MetricDataQueryDto>? Metrics { get; init; }

    public DashboardYAxisDto? YAxis { get; init; }

    public DashboardLegendDto? Legend { get; init; }

    public DashboardAnnotationsDto? Annotations { get; init; }

    /// <summary>metric: shade the times these alarms were in ALARM; alarm: the alarms listed.</summary>
    public IReadOnlyList<string>? Alarms { get; init; }

    /// <summary>alarm: also list every alarm whose name starts with this.</summary>
    public string? AlarmNamePrefix { get; init; }

    /// <summary>metric, singleValue: a sparkline and the change.</summary>
    public bool? Sparkline { get; init; }

    /// <summary>text: the markdown shown.</summary>
    public string? Markdown { get; init; }
}

/// <summary>The y axes of a metric widget.</summary>
public sealed record DashboardYAxisDto(DashboardAxisDto? Left, DashboardAxisDto? Right = null);

/// <summary>One y axis: label and fixed bounds (null: automatic).</summary>
public sealed record DashboardAxisDto(string? Label, double? Min = null, double? Max = null);

/// <summary>"bottom", "right" or "hidden".</summary>
public sealed record DashboardLegendDto(string Position);

/// <summary>Annotations drawn on a metric widget.</summary>
public sealed record DashboardAnnotationsDto(IReadOnlyList<DashboardHorizontalAnnotationDto> Horizontal);

/// <summary>A horizontal line at a value, with a label.</summary>
public sealed record DashboardHorizontalAnnotationDto(string? Label, double Value);
