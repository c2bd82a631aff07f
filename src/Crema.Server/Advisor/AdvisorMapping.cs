using System.Text.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Core.Advisor;
using Crema.Storage.Advisor;

namespace Crema.Server.Advisor;

/// <summary>Converts between the advisor's Core results, stored records and API contracts; applies exclusions when results are read.</summary>
internal static class AdvisorMapping
{
    /// <summary>Hours in an average month (365 × 24 / 12), for resources priced by the hour.</summary>
    public const decimal HoursPerMonth = 730m;

    public static decimal MonthlyCost(decimal cost, string period) =>
        string.Equals(period, "hour", StringComparison.Ordinal) ? cost * HoursPerMonth : cost;

    public static IReadOnlyDictionary<string, string> ParseDimensions(string? json) =>
        json is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(json, CremaJson.Options) ?? [];

    public static string ItemsJson(IReadOnlyList<AdvisorItem> items) =>
        JsonSerializer.Serialize(items.Select(i => new AdvisorItemDto
        {
            ResourceId = i.ResourceId,
            Status = i.Status.ToString(),
            Details = i.Details,
            RecommendedAction = i.RecommendedAction,
            MonthlySaving = i.MonthlySaving,
            Currency = i.Currency,
        }).ToList(), CremaJson.Options);

    /// <summary>A stored result as the API shows it: excluded items apart, the status and saving recomputed from the items that count.</summary>
    public static AdvisorCheckResultDto ToDto(AdvisorResultRecord r, IReadOnlyDictionary<(string, string), string> exclusions)
    {
        var check = AdvisorChecks.Find(r.CheckId);
        var all = JsonSerializer.Deserialize<List<AdvisorItemDto>>(r.ItemsJson, CremaJson.Options) ?? [];
        var items = new List<AdvisorItemDto>(all.Count);
        var excluded = new List<AdvisorItemDto>();
        foreach (var i in all)
        {
            if (exclusions.TryGetValue((r.CheckId, i.ResourceId), out var reason)) excluded.Add(i with { ExclusionReason = reason });
            else items.Add(i);
        }

        var status = r.Status;
        var summary = r.Summary;
        if (excluded.Count > 0 && status != nameof(AdvisorStatus.NotAvailable))
        {
            status = items.Any(i => i.Status == nameof(AdvisorStatus.Red)) ? nameof(AdvisorStatus.Red)
                : items.Any(i => i.Status == nameof(AdvisorStatus.Yellow)) ? nameof(AdvisorStatus.Yellow) : nameof(AdvisorStatus.Green);
            if (status == nameof(AdvisorStatus.Green)) summary = $"Nothing flagged ({excluded.Count} excluded)";
        }

        return new AdvisorCheckResultDto
        {
            CheckId = r.CheckId,
            Name = check?.Name ?? r.CheckId,
            Pillar = check?.Pillar.ToString() ?? "",
            Status = status,
            Summary = summary,
            RanAt = r.RanAt,
            MonthlySaving = items.Sum(i => i.MonthlySaving ?? 0),
            Items = items,
            ExcludedItems = excluded,
        };
    }

    public static AdvisorCheckDto ToDto(AdvisorCheck c, AdvisorCheckResultDto? latest) => new()
    {
        Id = c.Id,
        Pillar = c.Pillar.ToString(),
        Name = c.Name,
        Description = c.Description,
        Criteria = c.Criteria,
        Status = latest?.Status,
        Summary = latest?.Summary,
        LastRunAt = latest?.RanAt,
        FlaggedCount = latest?.Items.Count ?? 0,
        MonthlySaving = latest?.MonthlySaving ?? 0,
    };

    public static AdvisorResourceDto ToDto(AdvisorResourceRecord r) => new()
    {
        Name = r.Name,
        Kind = r.Kind,
        Cost = r.Cost,
        CostPeriod = r.CostPeriod,
        MonthlyCost = MonthlyCost(r.Cost, r.CostPeriod),
        Currency = r.Currency,
        Namespace = r.Namespace,
        MetricName = r.MetricName,
        Dimensions = ParseDimensions(r.DimensionsJson),
        Capacity = r.Capacity,
        CreatedAt = r.CreatedAt,
        UpdatedAt = r.UpdatedAt,
    };

    public static AdvisorExclusionDto ToDto(AdvisorExclusionRecord e) => new()
    {
        CheckId = e.CheckId,
        ResourceId = e.ResourceId,
        Reason = e.Reason,
        CreatedBy = e.CreatedBy,
        CreatedAt = e.CreatedAt,
    };
}
