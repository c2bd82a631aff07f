namespace Crema.Simulator.Engine;

/// <summary>Orders events by time, then class, then scheduling order, so runs are reproducible however time is stepped.</summary>
/// <remarks>Interval ends (class 0) come before anything else at the same instant, so an event at an
/// interval boundary counts in the interval that starts there; day starts (class 1) come next.</remarks>
internal readonly record struct EventKey(long Time, int Class, long Seq) : IComparable<EventKey>
{
    public int CompareTo(EventKey other)
    {
        var c = Time.CompareTo(other.Time);
        if (c != 0) return c;
        c = Class.CompareTo(other.Class);
        return c != 0 ? c : Seq.CompareTo(other.Seq);
    }
}
