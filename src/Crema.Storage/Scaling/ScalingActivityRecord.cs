namespace Crema.Storage.Scaling;

/// <summary>
/// One scaling activity: a request to the actuator, why, and how it ended. Id is the row id (0 before it is stored;
/// pages go by it, newest first); ActivityId the id sent to the actuator; Kind ScaleOut, ScaleIn, Scheduled, Clamp,
/// Manual or Retry; Status InProgress, Successful or Failed.
/// </summary>
public sealed record ScalingActivityRecord(
    long Id,
    string ActivityId,
    string TargetName,
    string Kind,
    string? PolicyName,
    int FromCapacity,
    int ToCapacity,
    string Cause,
    string Status,
    string? Error,
    int Attempt,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt);
