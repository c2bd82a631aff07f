namespace Crema.Simulator.Engine;

/// <summary>One entry of a shop's event log (kept when <see cref="SimulatorOptions.KeepEventLog"/> is on).</summary>
public readonly record struct ShopLogEntry(DateTimeOffset Time, ShopLogKind Kind, string? Detail, decimal Price, double Amount);
