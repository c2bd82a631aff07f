using Crema.Simulator.Model;

namespace Crema.Simulator.Trouble;

/// <summary>Trouble injected into one shop every simulated day (local time), for demos and alarm tests.</summary>
/// <param name="Kind">What goes wrong.</param>
/// <param name="Shop">The shop's name.</param>
/// <param name="At">Local time the barista leaves; unused for a late delivery (its scheduled time applies).</param>
/// <param name="Duration">How long the barista is away, or how late the delivery is (it comes exactly this much after its scheduled time).</param>
/// <param name="Stock">Which delivery is late.</param>
public sealed record ShopTrouble(TroubleKind Kind, string Shop, TimeOnly At, TimeSpan Duration, StockKind Stock = StockKind.Milk)
{
    /// <summary>One barista fewer at <paramref name="shop"/> from <paramref name="at"/> for <paramref name="duration"/>.</summary>
    public static ShopTrouble BaristaGoesHome(string shop, TimeOnly at, TimeSpan duration) => new(TroubleKind.BaristaGoesHome, shop, at, duration);

    /// <summary>The <paramref name="stock"/> delivery at <paramref name="shop"/> comes <paramref name="delay"/> after its scheduled time.</summary>
    public static ShopTrouble LateDelivery(string shop, StockKind stock, TimeSpan delay) => new(TroubleKind.LateDelivery, shop, default, delay, stock);

    /// <summary>Problems with this trouble, each naming the field and the rule; empty when valid.</summary>
    public IReadOnlyList<string> Validate(IReadOnlyList<ShopProfile> shops)
    {
        ArgumentNullException.ThrowIfNull(shops);
        var errors = new List<string>();
        var found = false;
        foreach (var s in shops) found |= s.Name == Shop;
        if (!found) errors.Add($"Trouble: Shop '{Shop}' is not one of the simulated shops");
        if (Kind == TroubleKind.BaristaGoesHome)
        {
            if (Duration <= TimeSpan.Zero || At.ToTimeSpan() + Duration > TimeSpan.FromDays(1))
                errors.Add("Trouble: a barista's absence (Duration) must be positive and end by midnight");
        }
        else if (Duration < TimeSpan.Zero || Duration > TimeSpan.FromHours(20))
        {
            errors.Add("Trouble: a delivery's delay (Duration) must be in [0, 20 h]");
        }
        return errors;
    }

    /// <summary>Parses "barista:SHOP@HH:MM+45m" or "late:SHOP:milk+2h" (several separated by commas); "none" is no trouble.</summary>
    public static bool TryParseList(string text, out List<ShopTrouble> troubles, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        troubles = [];
        error = null;
        if (text.Trim() is "none" or "") return true;
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var plus = raw.LastIndexOf('+');
            if (plus < 0 || !TryDuration(raw[(plus + 1)..], out var duration))
            {
                error = $"trouble '{raw}': needs +DURATION at the end (e.g. +45m, +2h)";
                return false;
            }
            var head = raw[..plus];
            if (head.StartsWith("barista:", StringComparison.OrdinalIgnoreCase))
            {
                var at = head.LastIndexOf('@');
                if (at < 0 || !TimeOnly.TryParseExact(head[(at + 1)..], "HH:mm", System.Globalization.CultureInfo.InvariantCulture,
                        System.Globalization.DateTimeStyles.None, out var time))
                {
                    error = $"trouble '{raw}': a barista trouble looks like barista:SHOP@HH:MM+DURATION";
                    return false;
                }
                troubles.Add(BaristaGoesHome(head[8..at], time, duration));
            }
            else if (head.StartsWith("late:", StringComparison.OrdinalIgnoreCase))
            {
                var colon = head.LastIndexOf(':');
                if (colon <= 4 || !Enum.TryParse<StockKind>(head[(colon + 1)..], ignoreCase: true, out var stock))
                {
                    error = $"trouble '{raw}': a late delivery looks like late:SHOP:milk+DURATION (milk, beans or cups)";
                    return false;
                }
                troubles.Add(LateDelivery(head[5..colon], stock, duration));
            }
            else
            {
                error = $"trouble '{raw}': must start with barista: or late:";
                return false;
            }
        }
        return true;
    }

    private static bool TryDuration(string s, out TimeSpan value)
    {
        value = default;
        if (s.Length < 2) return false;
        if (!int.TryParse(s.AsSpan(0, s.Length - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)) return false;
        switch (s[^1])
        {
            case 'm': value = TimeSpan.FromMinutes(n); return true;
            case 'h': value = TimeSpan.FromHours(n); return true;
            default: return false;
        }
    }
}
