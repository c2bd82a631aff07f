namespace Crema.Core.Scaling;

/// <summary>One validation problem: the field (e.g. "StepAdjustments[1].LowerBound") and the rule it breaks.</summary>
public readonly record struct ScalingError(string Field, string Message)
{
    public override string ToString() => Field + ": " + Message;
}
