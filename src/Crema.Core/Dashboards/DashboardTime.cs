using System.Globalization;

namespace Crema.Core.Dashboards;

/// <summary>The time range of a dashboard: a negative ISO-8601 duration back from now (<c>-PT3H</c>, <c>-P7D</c>) or an absolute ISO time.</summary>
public static class DashboardTime
{
    /// <summary>
    /// Parses <c>-P[nW][nD][T[nH][nM][n[.n]S]]</c> into a positive span back from now. Years and months are refused:
    /// their length depends on the date, and <c>-P1M</c> is too easily read as a minute.
    /// </summary>
    public static bool TryParseLookBack(string? text, out TimeSpan lookBack)
    {
        lookBack = TimeSpan.Zero;
        if (text is null || text.Length < 4 || text[0] != '-' || text[1] != 'P') return false;
        var i = 2;
        var inTime = false;
        var any = false;
        double seconds = 0;
        var order = 0; // the next unit must come later in W, D, H, M, S order
        while (i < text.Length)
        {
            if (text[i] == 'T')
            {
                if (inTime) return false;
                inTime = true;
                i++;
                if (i == text.Length) return false;
                continue;
            }

            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
            if (i == start || i == text.Length) return false;
            if (!double.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)) return false;
            var unit = text[i++];
            int rank;
            double factor;
            switch (unit)
            {
                case 'W' when !inTime: rank = 1; factor = 7 * 86400; break;
                case 'D' when !inTime: rank = 2; factor = 86400; break;
                case 'H' when inTime: rank = 3; factor = 3600; break;
                case 'M' when inTime: rank = 4; factor = 60; break;
                case 'S' when inTime: rank = 5; factor = 1; break;
                default: return false;
            }

            if (rank <= order) return false;
            if (unit != 'S' && text.AsSpan(start, i - 1 - start).Contains('.')) return false;
            order = rank;
            seconds += n * factor;
            any = true;
        }

        if (!any || seconds <= 0 || seconds > DashboardLimits.MaxLookBack.TotalSeconds) return false;
        lookBack = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>Parses an absolute ISO-8601 time with a date (a time without an offset is UTC).</summary>
    public static bool TryParseAbsolute(string? text, out DateTimeOffset time)
    {
        time = default;
        if (string.IsNullOrEmpty(text) || text.Length < 10 || !char.IsAsciiDigit(text[0])) return false;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out time)
               && text.Contains('-', StringComparison.Ordinal);
    }
}
