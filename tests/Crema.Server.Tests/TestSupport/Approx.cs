namespace Crema.Server.Tests.TestSupport;

/// <summary>Comparisons with a relative tolerance, for sketch-based percentiles.</summary>
public static class Approx
{
    /// <summary>Asserts |actual − expected| ≤ relative·|expected|.</summary>
    public static void Equal(double expected, double actual, double relative, string what)
        => Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected),
            $"{what}: expected {expected} within {relative:P1}, got {actual}");
}
