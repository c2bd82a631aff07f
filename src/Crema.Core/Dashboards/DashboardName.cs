namespace Crema.Core.Dashboards;

/// <summary>The dashboard name rule (CloudWatch's DashboardName): 1–255 characters of A–Z, a–z, 0–9, '-' and '_'.</summary>
public static class DashboardName
{
    /// <summary>The longest name.</summary>
    public const int MaxLength = 255;

    /// <summary>The rule, as error messages say it.</summary>
    public const string Rule = "must be 1-255 characters of A-Z, a-z, 0-9, '-' and '_'";

    /// <summary>Whether <paramref name="name"/> follows the rule.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength) return false;
        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_')) return false;
        }

        return true;
    }
}
