namespace Crema.Simulator.Trouble;

/// <summary>Nobody serves at <paramref name="Shop"/>'s counter over [<paramref name="From"/>, <paramref name="To"/>) simulated time (see <see cref="LiveTrouble"/>).</summary>
public sealed record CounterOutage(string Shop, DateTimeOffset From, DateTimeOffset To);
