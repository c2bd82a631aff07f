namespace Crema.Simulator.Engine;

/// <summary>A scheduled event; the payload's meaning depends on the kind (an order's arrival time, a delivery's index).</summary>
internal readonly record struct SimEvent(SimEventKind Kind, long Payload);
