namespace Crema.Core.Scaling;

/// <summary>One policy's proposal inside a decision, as data: its capacity (before the [min, max] clamp) and why.</summary>
public sealed record PolicyProposal(
    string PolicyName,
    PolicyProposalKind Kind,
    int Capacity,
    double? MetricValue,
    double? TargetValue,
    string Reason);
