using Crema.Client.Contracts;
using Crema.Simulator.Model;
using Crema.Simulator.Trouble;

namespace Crema.Simulator.Engine;

/// <summary>A discrete-event simulation of one coffee shop, advanced in steps of simulated time.</summary>
/// <remarks>
/// Events are processed in (time, class, sequence) order, so the outcome does not depend on how the
/// caller slices time into <see cref="AdvanceTo"/> steps. Every random stream (arrivals, orders, walking
/// away, deliveries) is separate, so two runs that differ only in staffing see the same customers.
/// All public members are thread-safe: a scaler may call <see cref="SetBaristas(int)"/> while the runner advances.
/// </remarks>
public sealed partial class ShopSimulator
{
    private static readonly long DayTicks = TimeSpan.TicksPerDay;
    private static readonly long RecentWaitWindowTicks = TimeSpan.FromMinutes(15).Ticks;
    private static readonly long OnTimeSpreadTicks = TimeSpan.FromMinutes(15).Ticks;

    // One gate for the whole shop: AdvanceTo holds it while it processes events, so a runtime staffing
    // change lands between two events, at the shop's current simulated time.
    private readonly Lock _gate = new();
    private readonly ShopProfile _profile;
    private readonly long _offsetTicks;
    private readonly long _intervalTicks;
    private readonly long _opensTicks;
    private readonly long _closesTicks;
    private readonly PriorityQueue<SimEvent, EventKey> _events = new();
    private readonly Random _arrivalRng;
    private readonly Random _orderRng;
    private readonly Random _balkRng;
    private readonly Random _supplyRng;

    // Upper bound of the arrival rate (per second) for thinning the non-homogeneous Poisson process.
    private readonly double _maxRatePerSecond;
    private readonly double[] _cumulativePopularity;
    private readonly Queue<PendingOrder> _queue = new();
    private readonly List<ShopLogEntry>? _log;

    // Injected trouble: absences as [from, to) local time-of-day ticks, and a fixed delay per delivery (null: the usual random one).
    private readonly List<(long From, long To)> _absences = [];
    private readonly long?[] _deliveryDelays;
    private long _seq;
    private long _now;
    private int _busy;
    private int? _override;

    // Runtime staffing with warm-up: of the _override baristas, _ready serve now (null: all of them) and the rest
    // start at the times in _arriving (sorted), each announced by a StaffChange event.
    private int? _ready;
    private readonly List<long> _arriving = [];
    private double _milk;
    private double _beans;
    private int _cups;

    private long _arrivals;
    private long _served;
    private long _balked;
    private long _unavailable;
    private long _itemsSold;
    private long _lostSales;
    private decimal _revenue;

    private long _soldToday;
    private decimal _revenueToday;
    private long _abandonedToday;
    private long _lostToday;

    /// <summary>Starts the shop at <paramref name="simStart"/> (rounded down to the emit interval) with the profile's initial stock.</summary>
    public ShopSimulator(ShopProfile profile, int shopIndex, SimulatorOptions options, DateTimeOffset simStart)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(options);
        var errors = profile.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join("; ", errors), nameof(profile));
        if (options.EmitInterval < TimeSpan.FromSeconds(1)) throw new ArgumentException("EmitInterval must be at least 1 s", nameof(options));

        _profile = profile;
        Name = profile.Name;
        _offsetTicks = options.UtcOffset.Ticks;
        _intervalTicks = options.EmitInterval.Ticks;
        _opensTicks = profile.Opens.Ticks;
        _closesTicks = profile.Closes.Ticks;
        _arrivalRng = new Random(SimRandom.DeriveSeed(options.Seed, shopIndex, 0));
        _orderRng = new Random(SimRandom.DeriveSeed(options.Seed, shopIndex, 1));
        _balkRng = new Random(SimRandom.DeriveSeed(options.Seed, shopIndex, 2));
        _supplyRng = new Random(SimRandom.DeriveSeed(options.Seed, shopIndex, 3));
        _log = options.KeepEventLog ? [] : null;
        _milk = profile.InitialMilkLitres;
        _beans = profile.InitialBeansKg;
        _cups = profile.InitialCups;

        _cumulativePopularity = new double[profile.Menu.Count];
        var sum = 0.0;
        for (var i = 0; i < profile.Menu.Count; i++)
        {
            sum += profile.Menu[i].Popularity;
            _cumulativePopularity[i] = sum;
        }
        _maxRatePerSecond = MaxRatePerSecond(profile);
        _deliveryDelays = new long?[profile.Deliveries.Count];
        foreach (var t in options.Troubles)
        {
            if (t.Shop != profile.Name) continue;
            if (t.Kind == TroubleKind.BaristaGoesHome)
            {
                _absences.Add((t.At.Ticks, t.At.Ticks + t.Duration.Ticks));
                continue;
            }
            for (var i = 0; i < profile.Deliveries.Count; i++)
                if (profile.Deliveries[i].Stock == t.Stock) _deliveryDelays[i] = t.Duration.Ticks;
        }
        InitMetrics(profile);

        var start = simStart.UtcTicks;
        _now = start - Mod(start, _intervalTicks);
        var midnight = LocalMidnightUtc(_now);
        ScheduleDay(midnight, _now);
        Schedule(midnight + DayTicks, new SimEvent(SimEventKind.DayStart, 0));
        Schedule(_now + _intervalTicks, new SimEvent(SimEventKind.IntervalEnd, 0));
        _openDuringInterval = IsOpenAt(_now);
        if (_maxRatePerSecond > 0) Schedule(NextCandidate(_now), new SimEvent(SimEventKind.ArrivalCandidate, 0));
    }

    /// <summary>The shop's name (the Shop dimension).</summary>
    public string Name { get; }

    /// <summary>The shop's profile.</summary>
    public ShopProfile Profile => _profile;

    /// <summary>The simulated instant up to which events have been processed.</summary>
    public DateTimeOffset Now
    {
        get
        {
            lock (_gate) return new DateTimeOffset(_now, TimeSpan.Zero);
        }
    }

    /// <summary>Processes every event up to and including <paramref name="simTime"/>; datums of completed emit intervals are appended to <paramref name="output"/>.</summary>
    /// <remarks>A time at or before <see cref="Now"/> does nothing.</remarks>
    public void AdvanceTo(DateTimeOffset simTime, List<MetricDatumDto> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var target = simTime.UtcTicks;
        lock (_gate)
        {
            if (target <= _now) return;
            _output = output;
            try
            {
                while (_events.TryPeek(out var e, out var key) && key.Time <= target)
                {
                    _events.Dequeue();
                    _now = key.Time;
                    Handle(e);
                }
                _now = target;
            }
            finally
            {
                _output = null;
            }
        }
    }

    /// <summary>Puts <paramref name="baristas"/> on shift now, overriding the schedule until the shop next closes.</summary>
    /// <remarks>Fewer baristas take effect as busy ones finish their current order; more start on the queue at once.
    /// While the shop is closed nobody is on shift; a setting made then applies from the next opening until that day's closing.</remarks>
    public void SetBaristas(int baristas)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(baristas);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(baristas, 1000);
        lock (_gate)
        {
            _override = baristas;
            _ready = null;
            _arriving.Clear();
            Log(ShopLogKind.BaristasSet, null, 0, baristas);
            Dispatch();
        }
    }

    /// <summary>Puts <paramref name="baristas"/> on shift like <see cref="SetBaristas(int)"/>, but newcomers serve only after <paramref name="warmUp"/>.</summary>
    /// <remarks>Baristas serving now stay (as many as are still wanted); those already on their way keep their start time;
    /// the others start <paramref name="warmUp"/> from now. Fewer baristas first cancels those on their way, then the
    /// ones serving leave as they finish their current order. A zero warm-up is <see cref="SetBaristas(int)"/>.</remarks>
    public void SetBaristas(int baristas, TimeSpan warmUp)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(baristas);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(baristas, 1000);
        ArgumentOutOfRangeException.ThrowIfLessThan(warmUp, TimeSpan.Zero);
        if (warmUp == TimeSpan.Zero)
        {
            SetBaristas(baristas);
            return;
        }
        lock (_gate)
        {
            var serving = OverrideServing ?? (IsOpenAt(_now) ? ScheduledStaff(TimeOfDayTicks(_now)) : 0);
            var ready = Math.Min(serving, baristas);
            var coming = baristas - ready;
            // The latest arrivals are the ones called off.
            while (_arriving.Count > coming) _arriving.RemoveAt(_arriving.Count - 1);
            while (_arriving.Count < coming)
            {
                var at = _now + warmUp.Ticks;
                _arriving.Add(at);
                Schedule(at, new SimEvent(SimEventKind.StaffChange, 0));
            }
            _override = baristas;
            _ready = ready;
            Log(ShopLogKind.BaristasSet, null, 0, baristas);
            Dispatch();
        }
    }

    /// <summary>Baristas serving now, on their way (warming up), and the number asked for at runtime (null: the schedule).</summary>
    public ShopStaffing Staffing()
    {
        lock (_gate) return new ShopStaffing(StaffTarget(), _arriving.Count, _override);
    }

    /// <summary>Returns staffing to the shift schedule.</summary>
    public void ResetBaristas()
    {
        lock (_gate)
        {
            _override = null;
            _ready = null;
            _arriving.Clear();
            Log(ShopLogKind.BaristasSet, null, 0, -1);
            Dispatch();
        }
    }

    /// <summary>The shop's state now.</summary>
    public ShopSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new ShopSnapshot(
                Name,
                new DateTimeOffset(_now, TimeSpan.Zero),
                IsOpenAt(_now),
                _queue.Count + _busy,
                StaffTarget(),
                _override.HasValue,
                _milk,
                _beans,
                _cups,
                _soldToday,
                _revenueToday,
                RecentWaitP90(),
                _abandonedToday,
                _lostToday);
        }
    }

    /// <summary>Counters since the start.</summary>
    public ShopTotals Totals()
    {
        lock (_gate)
            return new ShopTotals(_arrivals, _served, _balked, _unavailable, _queue.Count + _busy, _itemsSold, _lostSales, _revenue);
    }

    /// <summary>A copy of the event log; empty unless <see cref="SimulatorOptions.KeepEventLog"/> is on.</summary>
    public ShopLogEntry[] EventLog()
    {
        lock (_gate) return _log is null ? [] : [.. _log];
    }

    private void Handle(SimEvent e)
    {
        switch (e.Kind)
        {
            case SimEventKind.IntervalEnd:
                EmitInterval();
                Schedule(_now + _intervalTicks, e);
                break;
            case SimEventKind.DayStart:
                _soldToday = 0;
                _revenueToday = 0;
                _abandonedToday = 0;
                _lostToday = 0;
                ScheduleDay(_now, _now);
                Schedule(_now + DayTicks, e);
                break;
            case SimEventKind.ArrivalCandidate:
                OnArrivalCandidate();
                break;
            case SimEventKind.OrderDone:
                OnOrderDone(e.Payload);
                break;
            case SimEventKind.Delivery:
                OnDelivery(_profile.Deliveries[(int)e.Payload]);
                break;
            case SimEventKind.Open:
                _openDuringInterval = true;
                Dispatch();
                break;
            case SimEventKind.Close:
                // A runtime staffing change lasts until closing; tomorrow starts from the schedule.
                _override = null;
                _ready = null;
                _arriving.Clear();
                Dispatch();
                break;
            case SimEventKind.StaffChange:
                PromoteArrivals();
                Dispatch();
                break;
        }
    }

    /// <summary>Baristas of a runtime setting who serve now; null when staffing follows the schedule.</summary>
    private int? OverrideServing => _override is null ? null : _ready ?? _override;

    private void PromoteArrivals()
    {
        while (_arriving.Count > 0 && _arriving[0] <= _now)
        {
            _arriving.RemoveAt(0);
            _ready = (_ready ?? 0) + 1;
        }
    }

    private void ScheduleDay(long midnightUtc, long from)
    {
        var day = DayOfWeekAt(midnightUtc);
        ScheduleIfFrom(midnightUtc + _opensTicks, from, SimEventKind.Open, 0);
        ScheduleIfFrom(midnightUtc + _closesTicks, from, SimEventKind.Close, 0);
        foreach (var block in _profile.RushShifts)
        {
            ScheduleIfFrom(midnightUtc + block.From.Ticks, from, SimEventKind.StaffChange, 0);
            ScheduleIfFrom(midnightUtc + block.To.Ticks, from, SimEventKind.StaffChange, 0);
        }
        foreach (var (absentFrom, absentTo) in _absences)
        {
            ScheduleIfFrom(midnightUtc + absentFrom, from, SimEventKind.StaffChange, 0);
            ScheduleIfFrom(midnightUtc + absentTo, from, SimEventKind.StaffChange, 0);
        }
        for (var i = 0; i < _profile.Deliveries.Count; i++)
        {
            var d = _profile.Deliveries[i];
            if (!d.IsDueOn(day)) continue;
            // Both draws happen whether or not the delivery is scheduled, so the stream does not depend on the start time of day.
            var late = _supplyRng.NextDouble() < d.LateProbability;
            var u = _supplyRng.NextDouble();
            var delay = late ? (long)(u * d.MaxDelay.Ticks) : (long)(u * Math.Min(OnTimeSpreadTicks, d.MaxDelay.Ticks));
            if (_deliveryDelays[i] is { } forced) delay = forced;
            ScheduleIfFrom(midnightUtc + d.At.Ticks + delay, from, SimEventKind.Delivery, i);
        }
    }

    private void ScheduleIfFrom(long time, long from, SimEventKind kind, long payload)
    {
        if (time >= from) Schedule(time, new SimEvent(kind, payload));
    }

    private void Schedule(long time, SimEvent e)
    {
        var cls = e.Kind switch
        {
            SimEventKind.IntervalEnd => 0,
            SimEventKind.DayStart => 1,
            _ => 2,
        };
        _events.Enqueue(e, new EventKey(time, cls, _seq++));
    }

    private void Log(ShopLogKind kind, string? detail, decimal price, double amount)
        => _log?.Add(new ShopLogEntry(new DateTimeOffset(_now, TimeSpan.Zero), kind, detail, price, amount));

    private static long Mod(long a, long m)
    {
        var r = a % m;
        return r < 0 ? r + m : r;
    }
}
