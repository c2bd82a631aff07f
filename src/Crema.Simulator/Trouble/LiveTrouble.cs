namespace Crema.Simulator.Trouble;

/// <summary>
/// Causes counter outages while a simulation runs: from each outage's start nobody is on shift at its shop (customers
/// queue or walk away), and at its end staffing returns to the schedule. Driven by the simulation's steps.
/// </summary>
/// <remarks>
/// Unlike a daily barista trouble, where the last barista stays, an outage empties the counter: at a quiet hour one
/// barista fewer changes nothing, while an empty counter makes the waits of the customers served afterwards long at
/// any hour the shop is open. A shop that is closed during an outage is left alone (a staffing set while closed would
/// apply at the next opening).
/// </remarks>
public sealed class LiveTrouble : IDisposable
{
    private readonly CoffeeShopSimulation _simulation;
    private readonly CounterOutage[] _outages;
    private readonly Phase[] _phases;
    private readonly Lock _gate = new();

    /// <summary>Starts following <paramref name="simulation"/>'s steps.</summary>
    public LiveTrouble(CoffeeShopSimulation simulation, IReadOnlyList<CounterOutage> outages)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(outages);
        foreach (var o in outages)
            if (simulation.FindShop(o.Shop) is null) throw new ArgumentException($"No shop named '{o.Shop}' in the simulation", nameof(outages));
        _simulation = simulation;
        _outages = [.. outages];
        _phases = new Phase[_outages.Length];
        simulation.Ticked += OnTicked;
    }

    private enum Phase
    {
        Pending,
        Active,
        Over,
    }

    /// <summary>How many outages are under way now.</summary>
    public int Active
    {
        get
        {
            lock (_gate) return Array.FindAll(_phases, p => p == Phase.Active).Length;
        }
    }

    /// <summary>Brings the shops in line with the outages at simulated time <paramref name="simNow"/> (each step calls it).</summary>
    public void Apply(DateTimeOffset simNow)
    {
        lock (_gate)
        {
            for (var i = 0; i < _outages.Length; i++)
            {
                var o = _outages[i];
                if (_phases[i] == Phase.Pending && simNow >= o.From) _phases[i] = simNow < o.To ? Phase.Active : Phase.Over;
                if (_phases[i] != Phase.Active) continue;
                if (simNow >= o.To)
                {
                    _simulation.ResetBaristas(o.Shop);
                    _phases[i] = Phase.Over;
                    continue;
                }

                // Again after a closing, which ends a staffing override.
                var shop = _simulation.FindShop(o.Shop)!.Snapshot();
                if (shop.Open && shop.Baristas != 0) _simulation.SetBaristas(o.Shop, 0);
            }
        }
    }

    /// <summary>Stops following the simulation; an outage under way ends (staffing back to the schedule).</summary>
    public void Dispose()
    {
        _simulation.Ticked -= OnTicked;
        lock (_gate)
        {
            for (var i = 0; i < _outages.Length; i++)
            {
                if (_phases[i] != Phase.Active) continue;
                _simulation.ResetBaristas(_outages[i].Shop);
                _phases[i] = Phase.Over;
            }
        }
    }

    private void OnTicked(object? sender, SimulationTickEventArgs e) => Apply(e.SimulatedNow);
}
