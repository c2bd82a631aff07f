namespace Crema.Core.Scaling;

/// <summary>Something whose capacity Crema scales (baristas on shift, worker processes), as Application Auto Scaling's scalable target.</summary>
public sealed record ScalableTarget
{
    /// <summary>Unique name: 1 to 255 letters, digits, '-', '_' or '.'.</summary>
    public required string Name { get; init; }

    public string? Description { get; init; }

    public required int MinCapacity { get; init; }

    public required int MaxCapacity { get; init; }

    /// <summary>The capacity Crema last asked the actuator for.</summary>
    public required int DesiredCapacity { get; init; }

    /// <summary>The capacity the actuator last reported; null when unknown (then the desired capacity is assumed).</summary>
    public int? ActualCapacity { get; init; }

    public ScalingSuspension Suspended { get; init; } = ScalingSuspension.None;

    /// <summary>When set, no policy lowers the capacity (scheduled actions still move it into a new [min, max]).</summary>
    public bool ScaleInProtected { get; init; }

    /// <summary>What one unit of capacity is called in causes ("baristas"); default "capacity".</summary>
    public string CapacityUnit { get; init; } = "capacity";

    /// <summary>How the server reaches the capacity (webhook, command): opaque to the core, stored and handed back as is.</summary>
    public string? Actuator { get; init; }

    /// <summary>The capacity in service now: <see cref="ActualCapacity"/>, else <see cref="DesiredCapacity"/>.</summary>
    public int CurrentCapacity => ActualCapacity ?? DesiredCapacity;
}
