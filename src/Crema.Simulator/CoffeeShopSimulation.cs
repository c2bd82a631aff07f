using Crema.Client.Contracts;
using Crema.Simulator.Engine;
using Crema.Simulator.Metrics;
using Crema.Simulator.Timing;

namespace Crema.Simulator;

/// <summary>Runs several shops against the wall clock and sends their metrics to a sink.</summary>
/// <remarks>
/// The simulated clock starts in the past (see <see cref="SimulatorOptions"/>), runs accelerated until it
/// catches up with the wall clock, then runs in real time. Each step advances every shop to the simulated
/// time of the current wall time and sends the datums of the emit intervals that completed, so nothing is
/// ever sent with a timestamp later than the wall clock plus <see cref="SimulatorOptions.MaxLead"/>.
/// </remarks>
public sealed class CoffeeShopSimulation : IDisposable
{
    /// <summary>The server refuses timestamps older than 14 days; a day of margin keeps a long catch-up inside.</summary>
    private static readonly TimeSpan OldestStart = TimeSpan.FromDays(13);

    private readonly SimulatorOptions _options;
    private readonly IMetricSink _sink;
    private readonly TimeProvider _time;
    private readonly ShopSimulator[] _shops;
    private readonly Dictionary<string, ShopSimulator> _byName = new(StringComparer.Ordinal);

    // Steps never overlap: RunAsync and a caller of TickAsync share one gate.
    private readonly SemaphoreSlim _tickGate = new(1, 1);

    // Datums not yet sent (reused; the batcher copies them into fresh lists for each request).
    private readonly List<MetricDatumDto> _pending = [];
    private readonly List<PutMetricDataRequest> _requests = [];
    private DateTimeOffset _lastFlush;
    private long _simNowTicks;
    private long _datumsEmitted;
    private long _sendErrors;
    private string? _lastSendError;

    /// <summary>Builds the shops and fixes the time mapping: the simulated clock starts now, at <see cref="SimulatorOptions.SimStart"/> or wall now − Lookback.</summary>
    public CoffeeShopSimulation(SimulatorOptions options, IMetricSink sink, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(time);
        options.ThrowIfInvalid();
        _options = options;
        _sink = sink;
        _time = time;

        var wall = time.GetUtcNow();
        var start = options.SimStart ?? wall - options.Lookback;
        var interval = options.EmitInterval.Ticks;
        var startTicks = start.UtcTicks - ((start.UtcTicks % interval) + interval) % interval;
        var simStart = new DateTimeOffset(startTicks, TimeSpan.Zero);
        if (simStart < wall - OldestStart)
            throw new ArgumentException("SimStart must be at most 13 days before now (the server refuses timestamps older than 14 days)", nameof(options));
        if (simStart > wall + options.MaxLead)
            throw new ArgumentException("SimStart must not be later than now plus MaxLead (the server refuses timestamps more than 2 hours ahead)", nameof(options));
        Clock = new SimulationClock(wall, simStart, options.Acceleration, options.MaxLead);
        _lastFlush = wall;
        _simNowTicks = simStart.UtcTicks;

        var profiles = options.ResolveShops();
        _shops = new ShopSimulator[profiles.Count];
        for (var i = 0; i < profiles.Count; i++)
        {
            _shops[i] = new ShopSimulator(profiles[i], i, options, simStart);
            _byName.Add(profiles[i].Name, _shops[i]);
        }
    }

    /// <summary>Raised after each step (on the runner's thread); handlers must be quick.</summary>
    public event EventHandler<SimulationTickEventArgs>? Ticked;

    public SimulatorOptions Options => _options;

    /// <summary>The wall-to-simulated time mapping fixed at construction.</summary>
    public SimulationClock Clock { get; }

    /// <summary>The simulated time every shop has reached.</summary>
    public DateTimeOffset SimulatedNow => new(Interlocked.Read(ref _simNowTicks), TimeSpan.Zero);

    /// <summary>The shops, in the order of the options.</summary>
    public IReadOnlyList<ShopSimulator> Shops => _shops;

    /// <summary>True once the simulated clock has reached <see cref="SimulatorOptions.SimEnd"/>.</summary>
    public bool IsFinished => _options.SimEnd is { } end && SimulatedNow >= end;

    /// <summary>Datums produced so far (handed to the sink, whether or not it delivered them).</summary>
    public long DatumsEmitted => Interlocked.Read(ref _datumsEmitted);

    /// <summary>Requests whose sink threw (a well-behaved sink counts its own failures instead).</summary>
    public long SendErrors => Interlocked.Read(ref _sendErrors);

    public string? LastSendError => Volatile.Read(ref _lastSendError);

    /// <summary>The sink's delivery counts.</summary>
    public MetricSinkStats SinkStats => _sink.Stats;

    /// <summary>Steps every <see cref="SimulatorOptions.TickInterval"/> of wall time until cancelled or <see cref="IsFinished"/>;
    /// returns normally on cancellation, leaving up to a flush interval of datums for <see cref="FlushAsync"/>.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            using var timer = new PeriodicTimer(_options.TickInterval, _time);
            do
            {
                await TickAsync(ct).ConfigureAwait(false);
                if (IsFinished) return;
            }
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>One step: advances every shop to the simulated time of the wall clock now and sends what is due
    /// (see <see cref="SimulatorOptions.FlushInterval"/>). Returns the datums the step produced.</summary>
    public async Task<int> TickAsync(CancellationToken ct = default)
    {
        await _tickGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var wall = _time.GetUtcNow();
            var target = Clock.SimTimeAt(wall);
            if (_options.SimEnd is { } end && target > end) target = end;

            var before = _pending.Count;
            foreach (var shop in _shops) shop.AdvanceTo(target, _pending);
            var produced = _pending.Count - before;
            Interlocked.Add(ref _datumsEmitted, produced);
            if (target.UtcTicks > Interlocked.Read(ref _simNowTicks)) Interlocked.Exchange(ref _simNowTicks, target.UtcTicks);

            var requests = 0;
            if (_pending.Count >= _options.MaxDatumsPerRequest || wall - _lastFlush >= _options.FlushInterval || IsFinished)
                requests = await SendPendingAsync(wall, ct).ConfigureAwait(false);
            Ticked?.Invoke(this, new SimulationTickEventArgs(wall, target, produced, requests));
            return produced;
        }
        finally
        {
            _tickGate.Release();
        }
    }

    /// <summary>Sends every datum still waiting for the flush interval (call after <see cref="RunAsync"/> returns, with a deadline of your choice).</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        await _tickGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await SendPendingAsync(_time.GetUtcNow(), ct).ConfigureAwait(false);
        }
        finally
        {
            _tickGate.Release();
        }
    }

    private async Task<int> SendPendingAsync(DateTimeOffset wall, CancellationToken ct)
    {
        _lastFlush = wall;
        if (_pending.Count == 0) return 0;
        _requests.Clear();
        MetricBatcher.Split(_options.Namespace, _pending, _options.MaxDatumsPerRequest, _options.MaxRequestBytes, _requests);
        _pending.Clear();
        for (var i = 0; i < _requests.Count; i++)
        {
            try
            {
                await _sink.SendAsync(_requests[i], ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Keep what was not delivered for FlushAsync; the interrupted request goes again (at least once, not at most once).
                for (var j = i; j < _requests.Count; j++) _pending.AddRange(_requests[j].MetricData!);
                throw;
            }
            catch (Exception e)
            {
                // A sink that throws must not stop the shops; the failure is counted and visible.
                Interlocked.Increment(ref _sendErrors);
                Volatile.Write(ref _lastSendError, e.Message);
            }
        }
        return _requests.Count;
    }

    /// <summary>Every shop's state now.</summary>
    public ShopSnapshot[] Snapshot()
    {
        var result = new ShopSnapshot[_shops.Length];
        for (var i = 0; i < _shops.Length; i++) result[i] = _shops[i].Snapshot();
        return result;
    }

    /// <summary>Puts <paramref name="baristas"/> on shift at <paramref name="shop"/> immediately, until the shop next closes. Thread-safe.</summary>
    public void SetBaristas(string shop, int baristas) => Find(shop).SetBaristas(baristas);

    /// <summary>Returns <paramref name="shop"/>'s staffing to its shift schedule. Thread-safe.</summary>
    public void ResetBaristas(string shop) => Find(shop).ResetBaristas();

    /// <summary>The shop called <paramref name="shop"/>, or null.</summary>
    public ShopSimulator? FindShop(string shop) => _byName.GetValueOrDefault(shop);

    public void Dispose() => _tickGate.Dispose();

    private ShopSimulator Find(string shop)
        => _byName.GetValueOrDefault(shop)
           ?? throw new ArgumentException($"No shop named '{shop}'; the shops are {string.Join(", ", _byName.Keys)}", nameof(shop));
}
