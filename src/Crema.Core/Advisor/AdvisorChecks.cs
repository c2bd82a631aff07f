using System.Globalization;

namespace Crema.Core.Advisor;

/// <summary>The advisor's checks, by pillar; each is a pure function of an <see cref="AdvisorSnapshot"/>.</summary>
public static partial class AdvisorChecks
{
    // Built on first use: the checks are static fields of the other partial files, whose initialisation order C# leaves open.
    private static IReadOnlyList<AdvisorCheck>? _all;

    /// <summary>Every check, in a stable order (by pillar).</summary>
    public static IReadOnlyList<AdvisorCheck> All => _all ??=
    [
        RootWithoutMfa, RootWithKeys, AdminsWithoutMfa, OldOrUnusedKeys, AuditDigests, ListeningWithoutTls,
        IdleResources, PinnedScalingTargets,
        FlappingAlarms, BusyResources,
        DiskSpace, FailedDeliveries, UnwatchedNamespaces, SilentResources,
        Quotas,
        AlarmsWithoutActions, StuckInsufficientData, DashboardsWithMissingMetrics, EndlessMutes, LongAlarms,
    ];

    /// <summary>The check with this id, or null.</summary>
    public static AdvisorCheck? Find(string id)
    {
        foreach (var c in All)
        {
            if (string.Equals(c.Id, id, StringComparison.Ordinal)) return c;
        }

        return null;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static double Days(TimeSpan t) => Math.Floor(t.TotalDays);
}
