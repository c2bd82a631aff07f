namespace Crema.Core.Alarms;

/// <summary>Reading and writing day sets: "Monday", "mon", "mon-fri", "sat,sun", "weekdays", "weekends", "daily".</summary>
public sealed partial class MuteWindowSchedule
{
    private static readonly string[] s_dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    /// <summary>
    /// Reads one or more days separated by commas: full or three-letter names (any case), ranges such as mon-fri or
    /// fri-mon (wrapping past Sunday), and the groups weekdays, weekends and daily (or everyday).
    /// </summary>
    public static bool TryParseDays(string? text, out MuteWindowDays days)
    {
        days = MuteWindowDays.None;
        if (string.IsNullOrWhiteSpace(text)) return false;
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (raw.Length == 0) return false;
            if (raw.Equals("weekdays", StringComparison.OrdinalIgnoreCase)) days |= MuteWindowDays.Weekdays;
            else if (raw.Equals("weekends", StringComparison.OrdinalIgnoreCase)) days |= MuteWindowDays.Weekends;
            else if (raw.Equals("daily", StringComparison.OrdinalIgnoreCase) || raw.Equals("everyday", StringComparison.OrdinalIgnoreCase)) days |= MuteWindowDays.All;
            else
            {
                var dash = raw.IndexOf('-', StringComparison.Ordinal);
                if (dash < 0)
                {
                    if (!TryParseDay(raw, out var d)) return false;
                    days |= Bit(d);
                    continue;
                }

                if (!TryParseDay(raw[..dash].Trim(), out var from) || !TryParseDay(raw[(dash + 1)..].Trim(), out var to)) return false;
                for (var d = (int)from; ; d = (d + 1) % 7)
                {
                    days |= Bit((DayOfWeek)d);
                    if (d == (int)to) break;
                }
            }
        }

        return true;
    }

    /// <summary>The days as full English names, Monday first (as people list a week).</summary>
    public static IReadOnlyList<string> FormatDays(MuteWindowDays days)
    {
        var list = new List<string>(7);
        for (var i = 1; i <= 7; i++)
        {
            var d = (DayOfWeek)(i % 7);
            if ((days & Bit(d)) != 0) list.Add(s_dayNames[(int)d]);
        }

        return list;
    }

    /// <summary>The days in few words: "weekdays", "weekends", "daily" or "Mon, Wed, Fri".</summary>
    public static string DescribeDays(MuteWindowDays days) => (days & MuteWindowDays.All) switch
    {
        MuteWindowDays.All => "daily",
        MuteWindowDays.Weekdays => "weekdays",
        MuteWindowDays.Weekends => "weekends",
        var other => string.Join(", ", FormatDays(other).Select(n => n[..3])),
    };

    private static MuteWindowDays Bit(DayOfWeek d) => (MuteWindowDays)(1 << (int)d);

    private static bool TryParseDay(string text, out DayOfWeek day)
    {
        day = DayOfWeek.Sunday;
        if (text.Length < 3) return false;
        for (var i = 0; i < s_dayNames.Length; i++)
        {
            var name = s_dayNames[i];
            if (text.Equals(name, StringComparison.OrdinalIgnoreCase) || text.Equals(name[..3], StringComparison.OrdinalIgnoreCase))
            {
                day = (DayOfWeek)i;
                return true;
            }
        }

        return false;
    }
}
