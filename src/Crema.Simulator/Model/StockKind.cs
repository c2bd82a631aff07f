namespace Crema.Simulator.Model;

/// <summary>The supplies a shop keeps.</summary>
public enum StockKind
{
    Beans,
    Milk,
    Cups,
}
