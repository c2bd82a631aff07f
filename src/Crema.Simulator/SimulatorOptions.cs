using Crema.Simulator.Model;
using Crema.Simulator.Trouble;

namespace Crema.Simulator;

/// <summary>Settings of a coffee-shop simulation run; every property has a working default.</summary>
/// <remarks>
/// Time mapping: the simulated clock starts at <see cref="SimStart"/> (default: wall now minus
/// <see cref="Lookback"/>, i.e. in the past) and runs <see cref="Acceleration"/> times faster than the
/// wall clock until it is <see cref="MaxLead"/> ahead of it; from then on it runs at 1×. So a demo shows
/// "today so far" compressed and then carries on live, and no emitted timestamp is ever more than
/// MaxLead in the future (the server refuses more than 2 h ahead and more than 14 days old).
/// </remarks>
public sealed record SimulatorOptions
{
    /// <summary>How many default shops (Central, Station, Harbour, ...) when <see cref="ShopProfiles"/> is null.</summary>
    public int Shops { get; init; } = 3;

    /// <summary>Explicit shops; overrides <see cref="Shops"/>.</summary>
    public IReadOnlyList<ShopProfile>? ShopProfiles { get; init; }

    /// <summary>Simulated seconds per wall second while the simulation is behind the wall clock.</summary>
    public double Acceleration { get; init; } = 120;

    /// <summary>Seed of every random stream; the same seed and start give the same metrics.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Aggregation interval of the emitted datums (whole seconds, 1..3600).</summary>
    public TimeSpan EmitInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Simulated start; default wall now minus <see cref="Lookback"/>. Rounded down to the emit interval.</summary>
    public DateTimeOffset? SimStart { get; init; }

    /// <summary>How far in the past the simulated day starts when <see cref="SimStart"/> is not set (12 h: a shop day at 120× takes about 6 minutes).</summary>
    public TimeSpan Lookback { get; init; } = TimeSpan.FromHours(12);

    /// <summary>How far the simulated clock may run ahead of the wall clock (0..1 h; default 0: never ahead).</summary>
    public TimeSpan MaxLead { get; init; } = TimeSpan.Zero;

    /// <summary>When set, <see cref="CoffeeShopSimulation.RunAsync"/> returns once the simulated clock reaches it.</summary>
    public DateTimeOffset? SimEnd { get; init; }

    /// <summary>The shops' local time is UTC plus this offset (opening hours, rushes, weekdays). Fixed, so runs are reproducible.</summary>
    public TimeSpan UtcOffset { get; init; } = TimeSpan.Zero;

    /// <summary>Wall-clock period of the runner loop.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest wall time datums wait to be sent (default 1 s), so fast steps share requests; zero sends every step. A full request goes at once.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Metric namespace.</summary>
    public string Namespace { get; init; } = "CoffeeShop";

    /// <summary>Most datums per PutMetricData request (the API's limit is 1000).</summary>
    public int MaxDatumsPerRequest { get; init; } = 1000;

    /// <summary>Budget for one request's JSON body, below the API's 1 MB limit.</summary>
    public int MaxRequestBytes { get; init; } = 900_000;

    /// <summary>Keep every arrival, sale, service and delivery in memory (for tests and debugging; grows without bound).</summary>
    public bool KeepEventLog { get; init; }

    /// <summary>Trouble to cause every simulated day (a barista goes home, a delivery is late); empty: none. Deterministic like the rest.</summary>
    public IReadOnlyList<ShopTrouble> Troubles { get; init; } = [];

    /// <summary>Problems with these options, each naming the field and the rule; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ShopProfiles is null && Shops is < 1 or > 100) errors.Add("Shops must be 1..100");
        if (ShopProfiles is not null)
        {
            if (ShopProfiles.Count is < 1 or > 100) errors.Add("ShopProfiles must hold 1..100 shops");
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in ShopProfiles)
            {
                if (!names.Add(s.Name)) errors.Add($"ShopProfiles: shop name '{s.Name}' is used twice");
                errors.AddRange(s.Validate());
            }
        }
        if (!(Acceleration is >= 1 and <= 100_000)) errors.Add("Acceleration must be in [1, 100000]");
        if (EmitInterval < TimeSpan.FromSeconds(1) || EmitInterval > TimeSpan.FromHours(1) || EmitInterval.Ticks % TimeSpan.TicksPerSecond != 0)
            errors.Add("EmitInterval must be a whole number of seconds in [1 s, 1 h]");
        if (Lookback < TimeSpan.Zero || Lookback > TimeSpan.FromDays(13)) errors.Add("Lookback must be in [0, 13 days]");
        if (MaxLead < TimeSpan.Zero || MaxLead > TimeSpan.FromHours(1)) errors.Add("MaxLead must be in [0, 1 h]");
        if (UtcOffset < TimeSpan.FromHours(-14) || UtcOffset > TimeSpan.FromHours(14) || UtcOffset.Ticks % TimeSpan.TicksPerMinute != 0)
            errors.Add("UtcOffset must be whole minutes in [-14 h, +14 h]");
        if (TickInterval < TimeSpan.FromMilliseconds(1) || TickInterval > TimeSpan.FromMinutes(1)) errors.Add("TickInterval must be in [1 ms, 1 min]");
        if (FlushInterval < TimeSpan.Zero || FlushInterval > TimeSpan.FromMinutes(1)) errors.Add("FlushInterval must be in [0, 1 min]");
        if (string.IsNullOrWhiteSpace(Namespace) || Namespace.Length > 255) errors.Add("Namespace must be 1..255 characters");
        if (MaxDatumsPerRequest is < 1 or > 1000) errors.Add("MaxDatumsPerRequest must be 1..1000");
        if (MaxRequestBytes is < 10_000 or > 1_000_000) errors.Add("MaxRequestBytes must be 10000..1000000");
        if (Troubles.Count > 0 && errors.Count == 0)
        {
            var shops = ResolveShops();
            foreach (var t in Troubles) errors.AddRange(t.Validate(shops));
        }
        if (SimStart is { } start && SimEnd is { } end && end <= start) errors.Add("SimEnd must be after SimStart");
        return errors;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem.</summary>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0) throw new ArgumentException("Invalid simulator options: " + string.Join("; ", errors));
    }

    /// <summary>The shops this run simulates.</summary>
    public IReadOnlyList<ShopProfile> ResolveShops() => ShopProfiles ?? ShopProfile.CreateDefaults(Shops);
}
