using System.Globalization;
using Crema.Simulator.Model;

namespace Crema.Simulator.Trouble;

/// <summary>Trouble injected into one shop: every simulated day at a local time, or once, a while after the simulation catches up with now.</summary>
/// <param name="Kind">What goes wrong.</param>
/// <param name="Shop">The shop's name.</param>
/// <param name="At">Local time the barista leaves (daily trouble); for a late delivery given with @, the local time the van's delay starts.</param>
/// <param name="Duration">How long the barista is away, or how late the delivery is (it comes exactly this much after its scheduled time, or after <paramref name="At"/> when given).</param>
/// <param name="Stock">Which delivery is late.</param>
/// <remarks>
/// A trouble with <see cref="AfterCatchUp"/> set is relative: it happens once, that long after the simulated clock
/// has caught up with now, and must be resolved by <see cref="TroublePlan.Resolve"/> before the simulation starts
/// (the shops themselves only know daily trouble).
/// </remarks>
public sealed record ShopTrouble(TroubleKind Kind, string Shop, TimeOnly At, TimeSpan Duration, StockKind Stock = StockKind.Milk)
{
    /// <summary>Relative trouble: starts this long after the simulation catches up with now (null: daily trouble at <see cref="At"/>).</summary>
    public TimeSpan? AfterCatchUp { get; init; }

    /// <summary>For a late delivery given as @START+DURATION: the van arrives at START + DURATION rather than DURATION after its scheduled time.</summary>
    public bool ArrivesAtEnd { get; init; }

    /// <summary>One barista fewer at <paramref name="shop"/> from <paramref name="at"/> for <paramref name="duration"/>.</summary>
    public static ShopTrouble BaristaGoesHome(string shop, TimeOnly at, TimeSpan duration) => new(TroubleKind.BaristaGoesHome, shop, at, duration);

    /// <summary>The <paramref name="stock"/> delivery at <paramref name="shop"/> comes <paramref name="delay"/> after its scheduled time.</summary>
    public static ShopTrouble LateDelivery(string shop, StockKind stock, TimeSpan delay) => new(TroubleKind.LateDelivery, shop, default, delay, stock);

    /// <summary>Nobody serves at <paramref name="shop"/>'s counter from <paramref name="after"/> past the catch-up for <paramref name="duration"/> (once).</summary>
    public static ShopTrouble CounterUnstaffedAfterCatchUp(string shop, TimeSpan after, TimeSpan duration) =>
        new(TroubleKind.BaristaGoesHome, shop, default, duration) { AfterCatchUp = after };

    /// <summary>The <paramref name="stock"/> van due before then arrives <paramref name="after"/> + <paramref name="duration"/> past the catch-up (every day at that clock time).</summary>
    public static ShopTrouble DeliveryAfterCatchUp(string shop, StockKind stock, TimeSpan after, TimeSpan duration) =>
        new(TroubleKind.LateDelivery, shop, default, duration, stock) { AfterCatchUp = after, ArrivesAtEnd = true };

    /// <summary>Problems with this trouble, each naming the field and the rule; empty when valid.</summary>
    public IReadOnlyList<string> Validate(IReadOnlyList<ShopProfile> shops)
    {
        ArgumentNullException.ThrowIfNull(shops);
        var errors = new List<string>();
        var found = false;
        foreach (var s in shops) found |= s.Name == Shop;
        if (!found) errors.Add($"Trouble: Shop '{Shop}' is not one of the simulated shops");
        if (AfterCatchUp is { } after)
        {
            if (after < TimeSpan.Zero || after > TimeSpan.FromHours(12)) errors.Add("Trouble: a relative start (@+…) must be in [0, 12 h] after the catch-up");
            if (Duration <= TimeSpan.Zero || Duration > TimeSpan.FromHours(12)) errors.Add("Trouble: a relative trouble's Duration must be in (0, 12 h]");
            errors.Add("Trouble: a relative trouble (@+…) must be resolved with TroublePlan.Resolve before the simulation starts");
            return errors;
        }

        if (ArrivesAtEnd) errors.Add("Trouble: a delivery given as @START+DURATION must be resolved with TroublePlan.Resolve before the simulation starts");
        if (Kind == TroubleKind.BaristaGoesHome)
        {
            if (Duration <= TimeSpan.Zero || At.ToTimeSpan() + Duration > TimeSpan.FromDays(1))
                errors.Add("Trouble: a barista's absence (Duration) must be positive and end by midnight");
        }
        else if (Duration < TimeSpan.Zero || Duration >= TimeSpan.FromDays(1))
        {
            errors.Add("Trouble: a delivery's delay (Duration) must be in [0, 24 h)");
        }

        return errors;
    }

    /// <summary>The trouble in words, for the demo's banner.</summary>
    public string Describe()
    {
        var stock = Stock.ToString().ToLowerInvariant();
        if (AfterCatchUp is { } after)
        {
            return Kind == TroubleKind.BaristaGoesHome
                ? string.Create(CultureInfo.InvariantCulture, $"nobody serves at {Shop} from {Minutes(after)} after the catch-up, for {Minutes(Duration)}")
                : string.Create(CultureInfo.InvariantCulture, $"the {stock} van for {Shop} arrives {Minutes(after + Duration)} after the catch-up");
        }

        if (Kind == TroubleKind.BaristaGoesHome)
            return string.Create(CultureInfo.InvariantCulture, $"a barista goes home at {Shop} {At:HH:mm}–{At.Add(Duration):HH:mm} every day");
        return ArrivesAtEnd
            ? string.Create(CultureInfo.InvariantCulture, $"the {stock} van for {Shop} arrives at {At.Add(Duration):HH:mm} every day")
            : string.Create(CultureInfo.InvariantCulture, $"{stock} delivery at {Shop} {Duration.TotalMinutes:F0} min late every day");
    }

    /// <summary>
    /// Parses a comma-separated list; "none" is no trouble. START is a local time HH:MM (every simulated day) or +DURATION,
    /// relative to the moment the simulation catches up with now (once):
    /// <list type="bullet">
    /// <item>barista:SHOP@HH:MM+45m: one barista fewer (the last one stays) every day;</item>
    /// <item>barista:SHOP@+2m+20m: nobody serves at the counter, once, from 2 minutes after the catch-up for 20 minutes;</item>
    /// <item>late:SHOP:milk+2h: the milk van comes 2 h after its scheduled time every day;</item>
    /// <item>late:SHOP:milk@START+30m: the van due before then arrives at START + 30 min (every day at that clock time).</item>
    /// </list>
    /// </summary>
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
            string? start = null;
            var at = head.IndexOf('@', StringComparison.Ordinal);
            if (at >= 0)
            {
                start = head[(at + 1)..];
                head = head[..at];
            }

            TimeOnly clock = default;
            TimeSpan? after = null;
            if (start is not null && !TryStart(start, out clock, out after))
            {
                error = $"trouble '{raw}': the start after @ must be a local time HH:MM or +DURATION after the catch-up (e.g. @08:00, @+2m)";
                return false;
            }

            if (head.StartsWith("barista:", StringComparison.OrdinalIgnoreCase))
            {
                if (start is null)
                {
                    error = $"trouble '{raw}': a barista trouble looks like barista:SHOP@HH:MM+DURATION or barista:SHOP@+2m+DURATION";
                    return false;
                }

                var shop = head[8..];
                troubles.Add(after is { } a ? CounterUnstaffedAfterCatchUp(shop, a, duration) : BaristaGoesHome(shop, clock, duration));
            }
            else if (head.StartsWith("late:", StringComparison.OrdinalIgnoreCase))
            {
                var colon = head.LastIndexOf(':');
                if (colon <= 4 || !Enum.TryParse<StockKind>(head[(colon + 1)..], ignoreCase: true, out var stock) || !Enum.IsDefined(stock))
                {
                    error = $"trouble '{raw}': a late delivery looks like late:SHOP:milk+DURATION or late:SHOP:milk@START+DURATION (milk, beans or cups)";
                    return false;
                }

                var shop = head[5..colon];
                if (after is { } a) troubles.Add(DeliveryAfterCatchUp(shop, stock, a, duration));
                else if (start is not null) troubles.Add(new ShopTrouble(TroubleKind.LateDelivery, shop, clock, duration, stock) { ArrivesAtEnd = true });
                else troubles.Add(LateDelivery(shop, stock, duration));
            }
            else
            {
                error = $"trouble '{raw}': must start with barista: or late:";
                return false;
            }
        }

        return true;
    }

    private static bool TryStart(string s, out TimeOnly clock, out TimeSpan? after)
    {
        clock = default;
        after = null;
        if (s.StartsWith('+'))
        {
            if (!TryDuration(s[1..], out var d) && s != "+0") return false;
            after = d;
            return true;
        }

        return TimeOnly.TryParseExact(s, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out clock);
    }

    private static bool TryDuration(string s, out TimeSpan value)
    {
        value = default;
        if (s.Length < 2) return false;
        if (!int.TryParse(s.AsSpan(0, s.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
        switch (s[^1])
        {
            case 's': value = TimeSpan.FromSeconds(n); return true;
            case 'm': value = TimeSpan.FromMinutes(n); return true;
            case 'h': value = TimeSpan.FromHours(n); return true;
            default: return false;
        }
    }

    private static string Minutes(TimeSpan t) => t.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min";
}
