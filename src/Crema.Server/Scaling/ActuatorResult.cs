namespace Crema.Server.Scaling;

/// <summary>What an actuator answered: success with the capacity it reports (null when it did not say), or the error.</summary>
internal readonly record struct ActuatorResult(bool Succeeded, int? ActualCapacity, string? Error)
{
    public static ActuatorResult Ok(int? actual) => new(true, actual, null);

    public static ActuatorResult Fail(string error) => new(false, null, error);
}
