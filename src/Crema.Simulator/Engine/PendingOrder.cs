namespace Crema.Simulator.Engine;

/// <summary>An order waiting for a barista: when the customer arrived and how long the drinks take.</summary>
internal readonly record struct PendingOrder(long ArrivalTicks, long PrepTicks);
