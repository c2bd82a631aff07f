namespace Crema.Simulator.Model;

/// <summary>One drink on the menu: its price, how long it takes to make and what it uses.</summary>
/// <param name="Name">Shown as the Item dimension.</param>
/// <param name="Price">Currency units per cup.</param>
/// <param name="PrepSecondsMean">Mean preparation time (log-normal).</param>
/// <param name="PrepSecondsStdDev">Standard deviation of the preparation time.</param>
/// <param name="MilkLitres">Milk per cup; a drink with milk cannot be sold when the milk is out.</param>
/// <param name="BeansKg">Coffee beans per cup.</param>
/// <param name="Popularity">Relative weight with which a customer picks this item.</param>
public sealed record MenuItem(
    string Name,
    decimal Price,
    double PrepSecondsMean,
    double PrepSecondsStdDev,
    double MilkLitres,
    double BeansKg,
    double Popularity);
