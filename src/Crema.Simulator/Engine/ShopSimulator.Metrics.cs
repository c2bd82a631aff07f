using Crema.Client.Contracts;
using Crema.Simulator.Metrics;
using Crema.Simulator.Model;

namespace Crema.Simulator.Engine;

/// <summary>Aggregation of one emit interval into datums.</summary>
/// <remarks>
/// Every datum carries the interval's start as its timestamp, so each lands in the period it describes;
/// gauges (queue, baristas, stock) are sampled at the interval's end. All datums use storage resolution 1,
/// because they come every 10 s and a 60 s resolution would merge six of them.
/// </remarks>
public sealed partial class ShopSimulator
{
    /// <summary>CloudWatch's limit of distinct values in one datum.</summary>
    private const int MaxValuesPerDatum = 150;
    private const int HighResolution = 1;

    private readonly List<double> _intervalWaits = [];
    private readonly Queue<CompletedWait> _recentWaits = new();
    private long[] _intervalSold = [];
    private decimal _intervalRevenue;
    private long _intervalAbandoned;
    private long _intervalLost;
    private bool _openDuringInterval;
    private List<MetricDatumDto>? _output;

    // Dimension lists are immutable and shared by every datum of this shop.
    private DimensionDto[] _shopDims = [];
    private DimensionDto[][] _itemDims = [];

    private void InitMetrics(ShopProfile profile)
    {
        _intervalSold = new long[profile.Menu.Count];
        var shop = new DimensionDto(MetricNames.ShopDimension, profile.Name);
        _shopDims = [shop];
        _itemDims = new DimensionDto[profile.Menu.Count][];
        for (var i = 0; i < profile.Menu.Count; i++)
            _itemDims[i] = [shop, new DimensionDto(MetricNames.ItemDimension, profile.Menu[i].Name)];
    }

    private void EmitInterval()
    {
        var output = _output ?? throw new InvalidOperationException("EmitInterval outside AdvanceTo");
        var ts = new DateTimeOffset(_now - _intervalTicks, TimeSpan.Zero);

        long sold = 0;
        for (var i = 0; i < _intervalSold.Length; i++) sold += _intervalSold[i];
        // Counters are emitted (zeros included) for every interval during which the doors were open;
        // a closed shop sells nothing, and silence there keeps night-time series sparse.
        if (_openDuringInterval || sold > 0 || _intervalAbandoned > 0 || _intervalLost > 0)
        {
            for (var i = 0; i < _intervalSold.Length; i++)
                output.Add(Datum(MetricNames.CoffeesSold, _itemDims[i], "Count", ts, _intervalSold[i]));
            output.Add(Datum(MetricNames.CoffeesSold, _shopDims, "Count", ts, sold));
            output.Add(Datum(MetricNames.Revenue, _shopDims, "None", ts, (double)_intervalRevenue));
            output.Add(Datum(MetricNames.OrdersAbandoned, _shopDims, "Count", ts, _intervalAbandoned));
            output.Add(Datum(MetricNames.LostSales, _shopDims, "Count", ts, _intervalLost));
        }
        if (_intervalWaits.Count > 0) EmitWaits(output, ts);

        output.Add(Datum(MetricNames.QueueLength, _shopDims, "Count", ts, _queue.Count + _busy));
        output.Add(Datum(MetricNames.BaristasOnShift, _shopDims, "Count", ts, StaffTarget()));
        output.Add(Datum(MetricNames.StockBeansKg, _shopDims, "None", ts, Math.Round(_beans, 3)));
        output.Add(Datum(MetricNames.StockMilkLitres, _shopDims, "None", ts, Math.Round(_milk, 3)));
        output.Add(Datum(MetricNames.StockCups, _shopDims, "Count", ts, _cups));

        Array.Clear(_intervalSold);
        _intervalRevenue = 0;
        _intervalAbandoned = 0;
        _intervalLost = 0;
        _intervalWaits.Clear();
        _openDuringInterval = IsOpenAt(_now);
    }

    /// <summary>The interval's waits as values with counts (equal waits to the millisecond grouped), so percentiles stay exact.</summary>
    private void EmitWaits(List<MetricDatumDto> output, DateTimeOffset ts)
    {
        _intervalWaits.Sort();
        var values = new List<double>();
        var counts = new List<double>();
        foreach (var raw in _intervalWaits)
        {
            var w = Math.Round(raw, 3);
            if (values.Count > 0 && values[^1] == w)
            {
                counts[^1]++;
                continue;
            }
            if (values.Count == MaxValuesPerDatum)
            {
                output.Add(WaitDatum(ts, values, counts));
                values = [];
                counts = [];
            }
            values.Add(w);
            counts.Add(1);
        }
        output.Add(WaitDatum(ts, values, counts));
    }

    private MetricDatumDto WaitDatum(DateTimeOffset ts, List<double> values, List<double> counts) => new()
    {
        MetricName = MetricNames.OrderWait,
        Dimensions = _shopDims,
        Unit = "Seconds",
        Timestamp = ts,
        Values = values,
        Counts = counts,
        StorageResolution = HighResolution,
    };

    private static MetricDatumDto Datum(string name, DimensionDto[] dims, string unit, DateTimeOffset ts, double value) => new()
    {
        MetricName = name,
        Dimensions = dims,
        Unit = unit,
        Timestamp = ts,
        Value = value,
        StorageResolution = HighResolution,
    };

    private void PruneRecentWaits()
    {
        while (_recentWaits.Count > 0 && _recentWaits.Peek().ServedTicks < _now - RecentWaitWindowTicks) _recentWaits.Dequeue();
    }

    private double? RecentWaitP90()
    {
        PruneRecentWaits();
        if (_recentWaits.Count == 0) return null;
        var waits = new double[_recentWaits.Count];
        var i = 0;
        foreach (var w in _recentWaits) waits[i++] = w.WaitSeconds;
        Array.Sort(waits);
        // Nearest rank: the smallest wait that at least 90 % of orders did not exceed.
        return waits[(int)Math.Ceiling(0.9 * waits.Length) - 1];
    }
}
