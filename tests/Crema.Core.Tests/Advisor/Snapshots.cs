using Crema.Core.Advisor;

namespace Crema.Core.Tests.Advisor;

/// <summary>Snapshot builders for the advisor's check tests: a fixed "now" and small helpers.</summary>
internal static class Snapshots
{
    public static readonly DateTimeOffset Now = new(2026, 3, 16, 12, 0, 0, TimeSpan.Zero);

    public static AdvisorSnapshot Empty => new() { Now = Now };

    public static AdvisorCheckResult Run(AdvisorCheck check, AdvisorSnapshot s) => check.Evaluate(s);

    /// <summary>A resource whose last 14 days had these average and peak percentages.</summary>
    public static AdvisorResource Resource(string name, decimal costPerMonth, double[] averages, double[]? peaks = null)
    {
        var days = new List<AdvisorUsageDay?>();
        var first = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-averages.Length);
        for (var i = 0; i < averages.Length; i++)
        {
            days.Add(double.IsNaN(averages[i]) ? null : new AdvisorUsageDay(first.AddDays(i), averages[i], peaks?[i] ?? averages[i]));
        }

        return new AdvisorResource(name, "espresso machine", costPerMonth, "EUR", "Shop/ShotsPulled", 100, days);
    }

    /// <summary>14 days all at <paramref name="value"/>, with the first <paramref name="n"/> days at <paramref name="other"/>.</summary>
    public static double[] Days(double value, int n = 0, double other = 0)
    {
        var d = new double[14];
        for (var i = 0; i < 14; i++) d[i] = i < n ? other : value;
        return d;
    }

    public static AdvisorAlarm Alarm(string name, string state = "OK", int actions = 1, int changes = 0, TimeSpan? since = null, params string[] namespaces) =>
        new(name, state, Now - (since ?? TimeSpan.FromHours(1)), actions, changes, namespaces);
}
