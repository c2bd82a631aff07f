using Crema.Client.Contracts;
using Crema.Core.Scaling;

namespace Crema.Server.Scaling;

/// <summary>A target in memory: its state (as the API shows it), secret, policies, scheduled actions and the last hour's changes.</summary>
internal sealed class TargetEntry(ScalableTargetDto dto, string? secret)
{
    public ScalableTargetDto Dto { get; set; } = dto;

    public string Name => Dto.Name;

    public ScalableTarget Core => ScalingMapping.ToCore(Dto);

    public string? Secret { get; set; } = secret;

    public SortedDictionary<string, PolicyEntry> Policies { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, ActionEntry> Actions { get; } = new(StringComparer.Ordinal);

    /// <summary>Capacity changes of the last hour (not failed ones), for the engine's cooldowns and warm-up.</summary>
    public List<ScalingActivity> Recent { get; } = [];

    /// <summary>Scheduled actions are due in (ScheduleCheckedAt, now].</summary>
    public DateTimeOffset ScheduleCheckedAt { get; set; }

    /// <summary>The period close the policies were last evaluated for.</summary>
    public DateTimeOffset PoliciesEvaluatedFor { get; set; }

    /// <summary>A policy's alarm changed state: evaluate at the next round.</summary>
    public volatile bool Dirty;

    /// <summary>Why the last evaluation with an alarm in ALARM changed nothing.</summary>
    public string? LastDecision { get; set; }
}
