namespace Crema.Simulator;

/// <summary>Raised after each step of the runner.</summary>
/// <param name="WallTime">The wall-clock time the step was computed for.</param>
/// <param name="SimulatedNow">The simulated time every shop has reached.</param>
/// <param name="Datums">Datums emitted by this step.</param>
/// <param name="Requests">Requests sent by this step.</param>
public sealed record SimulationTickEventArgs(DateTimeOffset WallTime, DateTimeOffset SimulatedNow, int Datums, int Requests);
