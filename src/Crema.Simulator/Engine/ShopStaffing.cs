namespace Crema.Simulator.Engine;

/// <summary>Who is on shift: baristas serving, baristas on their way (warming up), and the runtime request (null: the schedule).</summary>
public readonly record struct ShopStaffing(int Serving, int WarmingUp, int? Requested);
