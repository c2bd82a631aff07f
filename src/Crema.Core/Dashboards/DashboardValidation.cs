namespace Crema.Core.Dashboards;

/// <summary>The outcome of validating a dashboard body: the errors (empty when valid) and, when valid, its summary.</summary>
public sealed record DashboardValidation(IReadOnlyList<DashboardError> Errors, DashboardSummary? Summary)
{
    /// <summary>True when no rule was broken.</summary>
    public bool IsValid => Errors.Count == 0 && Summary is not null;
}
