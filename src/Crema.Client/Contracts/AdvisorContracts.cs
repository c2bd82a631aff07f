namespace Crema.Client.Contracts;

/// <summary>One flagged item of a check: status ("Red", "Yellow"), details, what to do, the monthly saving where money is involved, and whether it is excluded.</summary>
public sealed record AdvisorItemDto
{
    public string ResourceId { get; init; } = "";
    public string Status { get; init; } = "";
    public string Details { get; init; } = "";
    public string RecommendedAction { get; init; } = "";
    public decimal? MonthlySaving { get; init; }
    public string? Currency { get; init; }

    /// <summary>The reason it was excluded, or null when it counts.</summary>
    public string? ExclusionReason { get; init; }
}

/// <summary>A check's definition and its latest status (null before its first run).</summary>
public sealed record AdvisorCheckDto
{
    public string Id { get; init; } = "";
    public string Pillar { get; init; } = "";
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public string Criteria { get; init; } = "";
    public string? Status { get; init; }
    public string? Summary { get; init; }
    public DateTimeOffset? LastRunAt { get; init; }
    public int FlaggedCount { get; init; }
    public decimal MonthlySaving { get; init; }
}

/// <summary>The answer to GET /api/v1/advisor/checks.</summary>
public sealed record ListAdvisorChecksResponse(IReadOnlyList<AdvisorCheckDto> Checks);

/// <summary>One run of one check: status and summary after exclusions, the items that count, and the excluded ones apart.</summary>
public sealed record AdvisorCheckResultDto
{
    public string CheckId { get; init; } = "";
    public string Name { get; init; } = "";
    public string Pillar { get; init; } = "";
    public string Status { get; init; } = "";
    public string Summary { get; init; } = "";
    public DateTimeOffset RanAt { get; init; }
    public decimal MonthlySaving { get; init; }
    public IReadOnlyList<AdvisorItemDto> Items { get; init; } = [];
    public IReadOnlyList<AdvisorItemDto> ExcludedItems { get; init; } = [];
}

/// <summary>A pillar's counts of checks by status and its total possible monthly saving.</summary>
public sealed record AdvisorPillarSummaryDto
{
    public string Pillar { get; init; } = "";
    public int Red { get; init; }
    public int Yellow { get; init; }
    public int Green { get; init; }
    public int NotAvailable { get; init; }
    public decimal MonthlySaving { get; init; }
}

/// <summary>The answer to GET /api/v1/advisor/results: a summary per pillar and each check's latest result.</summary>
public sealed record AdvisorResultsResponse
{
    public IReadOnlyList<AdvisorPillarSummaryDto> Pillars { get; init; } = [];
    public IReadOnlyList<AdvisorCheckResultDto> Checks { get; init; } = [];
    public decimal MonthlySaving { get; init; }
}

/// <summary>The answer to GET /api/v1/advisor/checks/{id}/history: newest first.</summary>
public sealed record AdvisorHistoryResponse(string CheckId, IReadOnlyList<AdvisorCheckResultDto> Results);

/// <summary>The answer to POST run: the results of the checks that ran.</summary>
public sealed record RunAdvisorChecksResponse(IReadOnlyList<AdvisorCheckResultDto> Results);

/// <summary>The body of POST /api/v1/advisor/exclusions.</summary>
public sealed record PutAdvisorExclusionRequest
{
    public string? CheckId { get; init; }
    public string? ResourceId { get; init; }
    public string? Reason { get; init; }
}

/// <summary>An excluded item.</summary>
public sealed record AdvisorExclusionDto
{
    public string CheckId { get; init; } = "";
    public string ResourceId { get; init; } = "";
    public string Reason { get; init; } = "";
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>The answer to GET /api/v1/advisor/exclusions.</summary>
public sealed record ListAdvisorExclusionsResponse(IReadOnlyList<AdvisorExclusionDto> Exclusions);

/// <summary>The body of PUT /api/v1/advisor/resources/{name}: a business resource, its cost and the metric that shows its use.</summary>
public sealed record PutAdvisorResourceRequest
{
    /// <summary>What it is, e.g. "espresso machine", "barista".</summary>
    public string? Kind { get; init; }
    public decimal? Cost { get; init; }

    /// <summary>"hour" or "month" (default month); an hourly cost counts 730 hours a month.</summary>
    public string? CostPeriod { get; init; }
    public string? Currency { get; init; }
    public string? Namespace { get; init; }
    public string? MetricName { get; init; }
    public IReadOnlyDictionary<string, string>? Dimensions { get; init; }

    /// <summary>The metric value that means full use (e.g. 120 shots an hour).</summary>
    public double? Capacity { get; init; }
}

/// <summary>A business resource as stored, with its monthly cost.</summary>
public sealed record AdvisorResourceDto
{
    public string Name { get; init; } = "";
    public string Kind { get; init; } = "";
    public decimal Cost { get; init; }
    public string CostPeriod { get; init; } = "month";
    public decimal MonthlyCost { get; init; }
    public string Currency { get; init; } = "";
    public string Namespace { get; init; } = "";
    public string MetricName { get; init; } = "";
    public IReadOnlyDictionary<string, string> Dimensions { get; init; } = new Dictionary<string, string>();
    public double Capacity { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>The answer to GET /api/v1/advisor/resources.</summary>
public sealed record ListAdvisorResourcesResponse(IReadOnlyList<AdvisorResourceDto> Resources);
