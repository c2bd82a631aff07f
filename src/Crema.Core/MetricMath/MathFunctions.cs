namespace Crema.Core.MetricMath;

/// <summary>The functions metric math knows, with their argument counts.</summary>
public static class MathFunctions
{
    /// <summary>Known function names, upper case, sorted.</summary>
    public static readonly IReadOnlyList<string> Names = ["ABS", "AVG", "DIFF", "FILL", "MAX", "MIN", "RATE", "SUM"];

    /// <summary>"ABS, AVG, …" for error messages.</summary>
    public static readonly string NameList = string.Join(", ", Names);

    /// <summary>The number of arguments an upper-case function name takes; false when unknown.</summary>
    public static bool TryGetArity(string upperName, out int arity)
    {
        arity = upperName switch
        {
            "ABS" or "AVG" or "DIFF" or "MAX" or "MIN" or "RATE" or "SUM" => 1,
            "FILL" => 2,
            _ => -1,
        };
        return arity >= 0;
    }
}
