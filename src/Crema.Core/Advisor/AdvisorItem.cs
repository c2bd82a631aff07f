namespace Crema.Core.Advisor;

/// <summary>One flagged resource: what it is, why it is flagged, what to do and, where money is involved, the estimated monthly saving.</summary>
public sealed record AdvisorItem(
    string ResourceId,
    AdvisorStatus Status,
    string Details,
    string RecommendedAction,
    decimal? MonthlySaving = null,
    string? Currency = null);
