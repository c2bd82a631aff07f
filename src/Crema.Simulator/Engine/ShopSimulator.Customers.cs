using Crema.Simulator.Model;

namespace Crema.Simulator.Engine;

/// <summary>Arrivals, orders, baristas and stock.</summary>
public sealed partial class ShopSimulator
{
    private const int NoMilk = 1;
    private const int NoCups = 2;
    private const int NoBeans = 3;

    // Scratch for one customer's order; a customer orders at most two items.
    private readonly int[] _orderItems = new int[2];
    private readonly double[] _orderPrep = new double[2];

    private void OnArrivalCandidate()
    {
        // Thinning (Lewis & Shedler): candidates come at the maximum rate and are kept with probability rate(t)/max.
        var accept = _arrivalRng.NextDouble() * _maxRatePerSecond < RatePerSecond(_now);
        Schedule(NextCandidate(_now), new SimEvent(SimEventKind.ArrivalCandidate, 0));
        if (accept) OnCustomer();
    }

    private long NextCandidate(long from)
    {
        var mean = 1.0 / _maxRatePerSecond;
        var t = from + SecondsToTicks(SimRandom.Exponential(_arrivalRng, mean));
        // The exponential is memoryless, so restarting it at the next opening is exact.
        while (!IsOpenAt(t)) t = NextOpening(t) + SecondsToTicks(SimRandom.Exponential(_arrivalRng, mean));
        return t;
    }

    private void OnCustomer()
    {
        _arrivals++;
        Log(ShopLogKind.Arrival, null, 0, 0);

        // Every draw happens for every customer, whatever the outcome, so runs that differ in staffing
        // or stock still see the same customers ordering the same drinks.
        var items = _orderRng.NextDouble() < _profile.SecondItemProbability ? 2 : 1;
        for (var i = 0; i < items; i++)
        {
            var item = PickItem(_orderRng.NextDouble());
            _orderItems[i] = item;
            var m = _profile.Menu[item];
            _orderPrep[i] = SimRandom.LogNormal(_orderRng, m.PrepSecondsMean, m.PrepSecondsStdDev);
        }
        var balk = _balkRng.NextDouble();

        var waiting = _queue.Count + _busy;
        var pBalk = waiting < _profile.BalkQueueThreshold
            ? 0
            : Math.Min(_profile.MaxBalkProbability, (waiting - _profile.BalkQueueThreshold + 1) * _profile.BalkProbabilityPerCustomer);
        if (balk < pBalk)
        {
            _balked++;
            _intervalAbandoned++;
            _abandonedToday++;
            Log(ShopLogKind.Balked, null, 0, waiting);
            return;
        }

        var prepSeconds = _profile.HandoverSeconds;
        var sold = 0;
        for (var i = 0; i < items; i++)
        {
            var index = _orderItems[i];
            var m = _profile.Menu[index];
            var missing = MissingStock(m);
            if (missing != 0)
            {
                _lostSales++;
                _intervalLost++;
                _lostToday++;
                Log(ShopLogKind.LostSale, m.Name, m.Price, missing);
                continue;
            }
            _milk = Math.Max(0, _milk - m.MilkLitres);
            _beans = Math.Max(0, _beans - m.BeansKg);
            _cups--;
            sold++;
            _itemsSold++;
            _soldToday++;
            _intervalSold[index]++;
            _revenue += m.Price;
            _revenueToday += m.Price;
            _intervalRevenue += m.Price;
            prepSeconds += _orderPrep[i];
            Log(ShopLogKind.Sale, m.Name, m.Price, 1);
        }
        if (sold == 0)
        {
            _unavailable++;
            _intervalAbandoned++;
            _abandonedToday++;
            Log(ShopLogKind.Unavailable, null, 0, 0);
            return;
        }
        _queue.Enqueue(new PendingOrder(_now, SecondsToTicks(prepSeconds)));
        Dispatch();
    }

    private int MissingStock(MenuItem m)
    {
        // A tolerance, because litres and kilograms are subtracted in binary fractions.
        const double Epsilon = 1e-9;
        if (_cups < 1) return NoCups;
        if (_milk + Epsilon < m.MilkLitres) return NoMilk;
        if (_beans + Epsilon < m.BeansKg) return NoBeans;
        return 0;
    }

    private int PickItem(double u)
    {
        var x = u * _cumulativePopularity[^1];
        for (var i = 0; i < _cumulativePopularity.Length; i++)
            if (x < _cumulativePopularity[i]) return i;
        return _cumulativePopularity.Length - 1;
    }

    private void OnOrderDone(long arrivalTicks)
    {
        _busy--;
        _served++;
        var wait = (_now - arrivalTicks) / (double)TimeSpan.TicksPerSecond;
        _intervalWaits.Add(wait);
        _recentWaits.Enqueue(new CompletedWait(_now, wait));
        PruneRecentWaits();
        Log(ShopLogKind.Served, null, 0, wait);
        Dispatch();
    }

    /// <summary>Free baristas take the next orders; a barista above the current staffing finishes and leaves.</summary>
    private void Dispatch()
    {
        var target = StaffTarget();
        while (_busy < target && _queue.Count > 0)
        {
            var order = _queue.Dequeue();
            _busy++;
            Schedule(_now + order.PrepTicks, new SimEvent(SimEventKind.OrderDone, order.ArrivalTicks));
        }
    }

    private int StaffTarget()
    {
        var tod = TimeOfDayTicks(_now);
        if (tod >= _opensTicks && tod < _closesTicks) return WithoutAbsent(OverrideServing ?? ScheduledStaff(tod), tod);
        // After closing the crew stays until the last order is out.
        return _queue.Count + _busy > 0 ? Math.Max(1, OverrideServing ?? _profile.OffPeakBaristas) : 0;
    }

    /// <summary>Staffing minus the baristas who went home (injected trouble); the last one stays, or nobody would serve at all.</summary>
    private int WithoutAbsent(int staff, long timeOfDayTicks)
    {
        var absent = 0;
        foreach (var (from, to) in _absences)
            if (timeOfDayTicks >= from && timeOfDayTicks < to) absent++;
        return absent == 0 || staff == 0 ? staff : Math.Max(1, staff - absent);
    }

    private int ScheduledStaff(long timeOfDayTicks)
    {
        foreach (var block in _profile.RushShifts)
            if (timeOfDayTicks >= block.From.Ticks && timeOfDayTicks < block.To.Ticks) return block.Baristas;
        return _profile.OffPeakBaristas;
    }

    private void OnDelivery(DeliverySchedule d)
    {
        double accepted;
        switch (d.Stock)
        {
            case StockKind.Milk:
                accepted = Math.Clamp(_profile.MilkCapacityLitres - _milk, 0, d.Amount);
                _milk += accepted;
                break;
            case StockKind.Beans:
                accepted = Math.Clamp(_profile.BeansCapacityKg - _beans, 0, d.Amount);
                _beans += accepted;
                break;
            default:
                var cups = (int)Math.Clamp(_profile.CupsCapacity - _cups, 0, Math.Round(d.Amount));
                _cups += cups;
                accepted = cups;
                break;
        }
        Log(ShopLogKind.Delivery, d.Stock.ToString(), 0, accepted);
    }

    private double RatePerSecond(long utcTicks)
        => _profile.Demand.CustomersPerHour(new TimeSpan(TimeOfDayTicks(utcTicks)), DayOfWeekAt(utcTicks)) * _profile.SizeFactor / 3600.0;

    private static double MaxRatePerSecond(ShopProfile p)
    {
        var max = 0.0;
        for (var minute = 0; minute < 24 * 60; minute++)
        {
            var tod = TimeSpan.FromMinutes(minute);
            max = Math.Max(max, p.Demand.CustomersPerHour(tod, DayOfWeek.Wednesday));
            max = Math.Max(max, p.Demand.CustomersPerHour(tod, DayOfWeek.Sunday));
        }
        // Sampled each minute: the margin covers a peak that falls between two samples.
        return max * p.SizeFactor / 3600.0 * 1.05;
    }

    private bool IsOpenAt(long utcTicks)
    {
        var tod = TimeOfDayTicks(utcTicks);
        return tod >= _opensTicks && tod < _closesTicks;
    }

    private long NextOpening(long utcTicks)
    {
        var midnight = LocalMidnightUtc(utcTicks);
        return TimeOfDayTicks(utcTicks) < _opensTicks ? midnight + _opensTicks : midnight + DayTicks + _opensTicks;
    }

    private long TimeOfDayTicks(long utcTicks) => Mod(utcTicks + _offsetTicks, DayTicks);

    private long LocalMidnightUtc(long utcTicks) => utcTicks - TimeOfDayTicks(utcTicks);

    private DayOfWeek DayOfWeekAt(long utcTicks) => new DateTime(utcTicks + _offsetTicks, DateTimeKind.Unspecified).DayOfWeek;

    private static long SecondsToTicks(double seconds) => (long)Math.Round(seconds * TimeSpan.TicksPerSecond);
}
