namespace Crema.Simulator.Model;

/// <summary>The menus the simulator ships with.</summary>
public static class Menus
{
    /// <summary>Seven drinks from espresso to tea, with prices, preparation times and usage per cup.</summary>
    public static IReadOnlyList<MenuItem> Default { get; } =
    [
        new("Espresso", 2.20m, 35, 8, 0.00, 0.018, 0.09),
        new("Flat white", 3.40m, 70, 15, 0.15, 0.036, 0.18),
        new("Latte", 3.60m, 75, 15, 0.25, 0.018, 0.22),
        new("Cappuccino", 3.50m, 75, 15, 0.18, 0.018, 0.17),
        new("Americano", 2.80m, 45, 10, 0.00, 0.018, 0.14),
        new("Mocha", 3.90m, 95, 20, 0.20, 0.018, 0.08),
        new("Tea", 2.50m, 40, 8, 0.03, 0.000, 0.12),
    ];
}
