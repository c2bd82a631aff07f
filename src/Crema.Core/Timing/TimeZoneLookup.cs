namespace Crema.Core.Timing;

/// <summary>Finds an IANA (or Windows) time zone by id without exceptions, for schedules that name one.</summary>
public static class TimeZoneLookup
{
    /// <summary>True with the zone when <paramref name="id"/> (1–64 characters) names one this machine knows.</summary>
    public static bool TryFind(string id, out TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(id);
        zone = TimeZoneInfo.Utc;
        if (id.Length == 0 || id.Length > 64) return false;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }
}
