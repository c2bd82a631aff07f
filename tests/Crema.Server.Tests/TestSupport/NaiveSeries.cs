namespace Crema.Server.Tests.TestSupport;

/// <summary>Everything written to one series, kept in memory so the expected answer of any query can be computed by hand.</summary>
public sealed class NaiveSeries
{
    private readonly List<(long Ms, double Value, int Count)> _values = [];
    private readonly List<(long Ms, double Count, double Sum, double Min, double Max)> _sets = [];

    public void AddValue(DateTimeOffset at, double value, int count = 1) => _values.Add((at.ToUnixTimeMilliseconds(), value, count));

    public void AddSet(DateTimeOffset at, double count, double sum, double min, double max)
        => _sets.Add((at.ToUnixTimeMilliseconds(), count, sum, min, max));

    /// <summary>The non-empty periods of [start, end), keyed by period start (multiples of the period since the epoch), ascending.</summary>
    public SortedDictionary<DateTimeOffset, NaivePeriod> Periods(DateTimeOffset start, DateTimeOffset end, int periodSeconds)
    {
        long s = start.ToUnixTimeMilliseconds(), e = end.ToUnixTimeMilliseconds(), p = periodSeconds * 1000L;
        var result = new SortedDictionary<DateTimeOffset, NaivePeriod>();
        NaivePeriod At(long ms)
        {
            // Epoch-aligned periods, except one covering the whole range, which starts at the range's start.
            var key = DateTimeOffset.FromUnixTimeMilliseconds(p >= e - s ? s : ms - (((ms % p) + p) % p));
            if (!result.TryGetValue(key, out var period)) result[key] = period = new NaivePeriod();
            return period;
        }
        foreach (var (ms, v, c) in _values)
            if (ms >= s && ms < e) At(ms).AddValue(v, c);
        foreach (var (ms, c, sum, min, max) in _sets)
            if (ms >= s && ms < e) At(ms).AddSet(c, sum, min, max);
        return result;
    }
}
