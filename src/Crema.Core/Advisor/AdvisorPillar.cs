namespace Crema.Core.Advisor;

/// <summary>The six areas the advisor's checks look at.</summary>
public enum AdvisorPillar
{
    CostOptimization,
    Performance,
    Security,
    FaultTolerance,
    ServiceLimits,
    OperationalExcellence,
}
