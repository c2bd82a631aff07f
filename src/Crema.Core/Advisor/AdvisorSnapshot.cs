namespace Crema.Core.Advisor;

/// <summary>Everything the checks look at, filled by the server from its stores; checks are pure functions of it.</summary>
public sealed record AdvisorSnapshot
{
    /// <summary>When the snapshot was taken: every age is measured from here.</summary>
    public required DateTimeOffset Now { get; init; }

    public IReadOnlyList<AdvisorUser> Users { get; init; } = [];

    public IReadOnlyList<AdvisorKey> Keys { get; init; } = [];

    /// <summary>Null when the audit state could not be read.</summary>
    public AdvisorAudit? Audit { get; init; }

    public IReadOnlyList<AdvisorAlarm> Alarms { get; init; } = [];

    public IReadOnlyList<AdvisorMute> Mutes { get; init; } = [];

    public IReadOnlyList<AdvisorDashboard> Dashboards { get; init; } = [];

    /// <summary>Every metric with stored data.</summary>
    public IReadOnlyList<AdvisorMetricRef> Metrics { get; init; } = [];

    public IReadOnlyList<AdvisorScalingTarget> ScalingTargets { get; init; } = [];

    public IReadOnlyList<AdvisorResource> Resources { get; init; } = [];

    public IReadOnlyList<AdvisorTopicDeliveries> Deliveries { get; init; } = [];

    public IReadOnlyList<AdvisorQuota> Quotas { get; init; } = [];

    /// <summary>Null when the drive could not be read.</summary>
    public AdvisorDisk? Disk { get; init; }

    /// <summary>The addresses the server listens on (e.g. http://0.0.0.0:8085).</summary>
    public IReadOnlyList<string> ListenUrls { get; init; } = [];
}
