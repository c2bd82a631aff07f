namespace Crema.Client.Contracts;

/// <summary>A dimension as sent on the wire.</summary>
public sealed record DimensionDto(string? Name, string? Value);

/// <summary>A statistic set as sent on the wire.</summary>
public sealed record StatisticSetDto(double? SampleCount, double? Sum, double? Minimum, double? Maximum);

/// <summary>One datum of a PutMetricData request: a value, values with counts, or a statistic set.</summary>
public sealed record MetricDatumDto
{
    public string? MetricName { get; init; }
    public IReadOnlyList<DimensionDto>? Dimensions { get; init; }
    public string? Unit { get; init; }

    /// <summary>When observed; ISO-8601 or epoch seconds on the wire; default: the server's now.</summary>
    public DateTimeOffset? Timestamp { get; init; }
    public double? Value { get; init; }
    public IReadOnlyList<double>? Values { get; init; }
    public IReadOnlyList<double>? Counts { get; init; }
    public StatisticSetDto? StatisticValues { get; init; }

    /// <summary>1 (high resolution) or 60 (default).</summary>
    public int? StorageResolution { get; init; }
}

/// <summary>POST /api/v1/metrics.</summary>
public sealed record PutMetricDataRequest
{
    public string? Namespace { get; init; }
    public IReadOnlyList<MetricDatumDto>? MetricData { get; init; }
}

/// <summary>The answer to an accepted PutMetricData: how many datums and samples became durable.</summary>
public sealed record PutMetricDataResponse(int Datums, long Samples);

/// <summary>A metric (namespace, name, dimensions) as named in queries and listings.</summary>
public sealed record MetricDto
{
    public string? Namespace { get; init; }
    public string? MetricName { get; init; }
    public IReadOnlyList<DimensionDto>? Dimensions { get; init; }
}

/// <summary>A metric and how to aggregate it.</summary>
public sealed record MetricStatDto
{
    public MetricDto? Metric { get; init; }

    /// <summary>Seconds: 1, 5, 10, 30 or a multiple of 60.</summary>
    public int? Period { get; init; }

    /// <summary>SampleCount, Sum, Average, Minimum, Maximum or pNN.NN.</summary>
    public string? Stat { get; init; }
    public string? Unit { get; init; }
}

/// <summary>One query of a GetMetricData call: a metric statistic or an expression over other ids.</summary>
public sealed record MetricDataQueryDto
{
    public string? Id { get; init; }
    public MetricStatDto? MetricStat { get; init; }
    public string? Expression { get; init; }
    public string? Label { get; init; }
    public bool? ReturnData { get; init; }

    /// <summary>The period of an expression's result, when it has no metric of its own.</summary>
    public int? Period { get; init; }
}

/// <summary>POST /api/v1/metrics/query.</summary>
public sealed record GetMetricDataRequest
{
    public IReadOnlyList<MetricDataQueryDto>? MetricDataQueries { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
    public string? NextToken { get; init; }

    /// <summary>TimestampAscending or TimestampDescending (default, as CloudWatch).</summary>
    public string? ScanBy { get; init; }

    /// <summary>Most datapoints in one page, over all results (default 100,800).</summary>
    public int? MaxDatapoints { get; init; }
}

/// <summary>One series of results.</summary>
public sealed record MetricDataResultDto
{
    public required string Id { get; init; }
    public required string Label { get; init; }
    public required IReadOnlyList<DateTimeOffset> Timestamps { get; init; }
    public required IReadOnlyList<double> Values { get; init; }

    /// <summary>Complete, or PartialData when more pages follow.</summary>
    public required string StatusCode { get; init; }
}

/// <summary>A note about a result (for example, a series that an expression could not use).</summary>
public sealed record MessageDto(string Code, string Value);

/// <summary>The answer to GetMetricData.</summary>
public sealed record GetMetricDataResponse
{
    public required IReadOnlyList<MetricDataResultDto> MetricDataResults { get; init; }
    public string? NextToken { get; init; }
    public IReadOnlyList<MessageDto> Messages { get; init; } = [];
}

/// <summary>A listed metric.</summary>
public sealed record MetricInfoDto
{
    public required string Namespace { get; init; }
    public required string MetricName { get; init; }
    public required IReadOnlyList<DimensionDto> Dimensions { get; init; }
    public string? Unit { get; init; }
}

/// <summary>GET /api/v1/metrics.</summary>
public sealed record ListMetricsResponse
{
    public required IReadOnlyList<MetricInfoDto> Metrics { get; init; }
    public string? NextToken { get; init; }
}

/// <summary>One period of GetMetricStatistics.</summary>
public sealed record DatapointDto
{
    public required DateTimeOffset Timestamp { get; init; }
    public double? SampleCount { get; init; }
    public double? Sum { get; init; }
    public double? Average { get; init; }
    public double? Minimum { get; init; }
    public double? Maximum { get; init; }

    /// <summary>Percentiles by name (p90, p99.9, ...).</summary>
    public IReadOnlyDictionary<string, double>? ExtendedStatistics { get; init; }
    public string? Unit { get; init; }
}

/// <summary>GET /api/v1/metrics/statistics.</summary>
public sealed record GetMetricStatisticsResponse
{
    public required string Label { get; init; }
    public required IReadOnlyList<DatapointDto> Datapoints { get; init; }
}

/// <summary>The problem+json body of an error (RFC 9457), with the fields that failed.</summary>
public sealed record ProblemDto
{
    public string? Type { get; init; }
    public string? Title { get; init; }
    public int? Status { get; init; }
    public string? Detail { get; init; }

    /// <summary>A machine-readable error code (AccessDenied, MfaRequired, …) when the server gives one.</summary>
    public string? Code { get; init; }
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }
}
