namespace Crema.Simulator.Trouble;

/// <summary>What goes wrong in a shop.</summary>
public enum TroubleKind
{
    /// <summary>One barista fewer on shift for a while (the last one stays), so waits rise.</summary>
    BaristaGoesHome,

    /// <summary>A standing delivery comes late, so the stock runs low or out.</summary>
    LateDelivery,
}
