namespace Crema.Simulator.Engine;

/// <summary>What happens at a point of simulated time.</summary>
internal enum SimEventKind
{
    IntervalEnd,
    DayStart,
    ArrivalCandidate,
    OrderDone,
    Delivery,
    StaffChange,
    Open,
    Close,
}
