namespace Crema.Simulator.Model;

/// <summary>Everything that makes one shop: hours, size, menu, demand, staffing, stock and deliveries.</summary>
public sealed record ShopProfile
{
    private static readonly string[] DefaultNames =
        ["Central", "Station", "Harbour", "Market", "Campus", "Riverside", "Park", "Airport", "Museum", "Library"];

    /// <summary>The Shop dimension's value.</summary>
    public required string Name { get; init; }

    /// <summary>Local opening time; customers arrive from here.</summary>
    public TimeOnly Opens { get; init; } = new(7, 0);

    /// <summary>Local closing time; the doors close, queued customers are still served.</summary>
    public TimeOnly Closes { get; init; } = new(19, 0);

    /// <summary>Multiplies the demand profile's arrival rate.</summary>
    public double SizeFactor { get; init; } = 1.0;

    public IReadOnlyList<MenuItem> Menu { get; init; } = Menus.Default;
    public DemandProfile Demand { get; init; } = DemandProfile.Default;

    /// <summary>Baristas while open outside the rush blocks (and the closing crew that serves the last queue).</summary>
    public int OffPeakBaristas { get; init; } = 2;

    /// <summary>Blocks with their own staffing (morning and lunch rush).</summary>
    public IReadOnlyList<ShiftBlock> RushShifts { get; init; } =
    [
        new ShiftBlock(new TimeOnly(7, 30), new TimeOnly(9, 30), 3),
        new ShiftBlock(new TimeOnly(11, 45), new TimeOnly(13, 45), 3),
    ];

    /// <summary>Seconds a barista spends handing over an order, on top of making its drinks.</summary>
    public double HandoverSeconds { get; init; } = 10;

    /// <summary>Chance that a customer orders a second item.</summary>
    public double SecondItemProbability { get; init; } = 0.3;

    /// <summary>Customers waiting before a newcomer considers walking away.</summary>
    public int BalkQueueThreshold { get; init; } = 5;

    /// <summary>Chance of walking away added per waiting customer at or beyond the threshold.</summary>
    public double BalkProbabilityPerCustomer { get; init; } = 0.12;

    public double MaxBalkProbability { get; init; } = 0.9;

    public double MilkCapacityLitres { get; init; } = 120;
    public double BeansCapacityKg { get; init; } = 60;
    public int CupsCapacity { get; init; } = 3000;
    public double InitialMilkLitres { get; init; } = 30;
    public double InitialBeansKg { get; init; } = 30;
    public int InitialCups { get; init; } = 1500;

    /// <summary>Milk every morning at 06:30, beans and cups on Monday and Thursday at 09:00.</summary>
    public IReadOnlyList<DeliverySchedule> Deliveries { get; init; } = DefaultDeliveries(1.0);

    /// <summary>The shops of a default run: Central, Station, Harbour, then more of decreasing size.</summary>
    public static IReadOnlyList<ShopProfile> CreateDefaults(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var shops = new ShopProfile[count];
        for (var i = 0; i < count; i++) shops[i] = CreateDefault(i);
        return shops;
    }

    /// <summary>The <paramref name="index"/>-th default shop.</summary>
    public static ShopProfile CreateDefault(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var name = index < DefaultNames.Length ? DefaultNames[index] : "Shop " + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return index switch
        {
            0 => Sized(name, 1.0),
            1 => Sized(name, 0.85) with { Opens = new TimeOnly(6, 30), Closes = new TimeOnly(19, 30) },
            2 => Sized(name, 0.6) with
            {
                Opens = new TimeOnly(8, 0),
                Closes = new TimeOnly(18, 0),
                OffPeakBaristas = 1,
                RushShifts =
                [
                    new ShiftBlock(new TimeOnly(8, 0), new TimeOnly(9, 30), 2),
                    new ShiftBlock(new TimeOnly(11, 45), new TimeOnly(13, 45), 2),
                ],
            },
            _ => Sized(name, 0.7),
        };
    }

    /// <summary>Problems with this profile, each naming the field and the rule; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var p = "Shop '" + Name + "': ";
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 255) errors.Add("ShopProfile.Name must be 1..255 characters");
        if (Opens >= Closes) errors.Add(p + "Opens must be before Closes (shops do not open past midnight)");
        if (!(SizeFactor > 0 && SizeFactor <= 100)) errors.Add(p + "SizeFactor must be in (0, 100]");
        if (Menu.Count == 0) errors.Add(p + "Menu must have at least one item");
        foreach (var m in Menu)
        {
            if (string.IsNullOrWhiteSpace(m.Name) || m.Name.Length > 255) errors.Add(p + "Menu item names must be 1..255 characters");
            if (m.Price < 0) errors.Add(p + $"Menu '{m.Name}'.Price must not be negative");
            if (!(m.PrepSecondsMean > 0) || !(m.PrepSecondsStdDev >= 0)) errors.Add(p + $"Menu '{m.Name}' preparation time must be positive");
            if (!(m.MilkLitres >= 0) || !(m.BeansKg >= 0)) errors.Add(p + $"Menu '{m.Name}' usage must not be negative");
            if (!(m.Popularity >= 0)) errors.Add(p + $"Menu '{m.Name}'.Popularity must not be negative");
        }
        var popularity = 0.0;
        foreach (var m in Menu) popularity += m.Popularity;
        if (Menu.Count > 0 && !(popularity > 0)) errors.Add(p + "Menu popularities must not all be zero");
        if (OffPeakBaristas is < 1 or > 1000) errors.Add(p + "OffPeakBaristas must be 1..1000");
        foreach (var s in RushShifts)
        {
            if (s.From >= s.To) errors.Add(p + "RushShifts: From must be before To");
            if (s.Baristas is < 0 or > 1000) errors.Add(p + "RushShifts: Baristas must be 0..1000");
        }
        if (!(Demand.ReferenceCustomersPerHour >= 0) || !(Demand.Baseline >= 0) || !(Demand.WeekendFactor >= 0))
            errors.Add(p + "Demand rates must not be negative");
        foreach (var d in Demand.Peaks)
            if (!(d.Width > TimeSpan.Zero) || !(d.Height >= 0)) errors.Add(p + "Demand peaks need a positive Width and a non-negative Height");
        if (!(HandoverSeconds >= 0)) errors.Add(p + "HandoverSeconds must not be negative");
        if (!(SecondItemProbability is >= 0 and <= 1)) errors.Add(p + "SecondItemProbability must be in [0, 1]");
        if (BalkQueueThreshold < 0) errors.Add(p + "BalkQueueThreshold must not be negative");
        if (!(BalkProbabilityPerCustomer >= 0) || !(MaxBalkProbability is >= 0 and <= 1))
            errors.Add(p + "balk probabilities must be in [0, 1]");
        if (!(MilkCapacityLitres >= 0) || !(BeansCapacityKg >= 0) || CupsCapacity < 0) errors.Add(p + "capacities must not be negative");
        if (!(InitialMilkLitres >= 0 && InitialMilkLitres <= MilkCapacityLitres)) errors.Add(p + "InitialMilkLitres must be in [0, MilkCapacityLitres]");
        if (!(InitialBeansKg >= 0 && InitialBeansKg <= BeansCapacityKg)) errors.Add(p + "InitialBeansKg must be in [0, BeansCapacityKg]");
        if (InitialCups < 0 || InitialCups > CupsCapacity) errors.Add(p + "InitialCups must be in [0, CupsCapacity]");
        foreach (var d in Deliveries)
        {
            if (!(d.Amount >= 0)) errors.Add(p + $"Deliveries ({d.Stock}): Amount must not be negative");
            if (!(d.LateProbability is >= 0 and <= 1)) errors.Add(p + $"Deliveries ({d.Stock}): LateProbability must be in [0, 1]");
            if (d.MaxDelay < TimeSpan.Zero || d.MaxDelay > TimeSpan.FromDays(1)) errors.Add(p + $"Deliveries ({d.Stock}): MaxDelay must be in [0, 1 day]");
        }
        return errors;
    }

    private static ShopProfile Sized(string name, double size) => new()
    {
        Name = name,
        SizeFactor = size,
        MilkCapacityLitres = Math.Round(120 * size),
        BeansCapacityKg = Math.Round(60 * size),
        CupsCapacity = (int)Math.Round(3000 * size),
        InitialMilkLitres = Math.Round(30 * size),
        InitialBeansKg = Math.Round(30 * size),
        InitialCups = (int)Math.Round(1500 * size),
        Deliveries = DefaultDeliveries(size),
    };

    private static DeliverySchedule[] DefaultDeliveries(double size) =>
    [
        new(StockKind.Milk, new TimeOnly(6, 30), null, Math.Round(72 * size), 0.2, TimeSpan.FromHours(4)),
        new(StockKind.Beans, new TimeOnly(9, 0), [DayOfWeek.Monday, DayOfWeek.Thursday], Math.Round(40 * size), 0.2, TimeSpan.FromHours(6)),
        new(StockKind.Cups, new TimeOnly(9, 0), [DayOfWeek.Monday, DayOfWeek.Thursday], Math.Round(2000 * size), 0.2, TimeSpan.FromHours(6)),
    ];
}
