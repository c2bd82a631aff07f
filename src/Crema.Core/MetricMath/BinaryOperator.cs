namespace Crema.Core.MetricMath;

/// <summary>An arithmetic operator.</summary>
public enum BinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
}
