namespace Crema.Core.Identity;

/// <summary>Rules a new password must meet; each failure is one sentence naming the rule.</summary>
public static class PasswordRules
{
    /// <summary>Fewest characters a password may have.</summary>
    public const int MinLength = 12;

    /// <summary>Most characters a password may have (a guard against oversized bodies).</summary>
    public const int MaxLength = 1024;

    /// <summary>Returns null when the password is acceptable, otherwise why it is not.</summary>
    public static string? Validate(string password, string? userName)
    {
        if (string.IsNullOrEmpty(password)) return "password: must not be empty.";
        if (password.Length < MinLength) return $"password: must be at least {MinLength} characters long.";
        if (password.Length > MaxLength) return $"password: must be at most {MaxLength} characters long.";
        if (IsOneCharacter(password)) return "password: must not repeat a single character.";
        if (!string.IsNullOrWhiteSpace(userName))
        {
            var name = userName.Trim();
            if (string.Equals(password, name, StringComparison.OrdinalIgnoreCase))
                return "password: must not be the user name.";
            // Very short names ("al") would forbid too many good passwords; equality still applies.
            if (name.Length >= 3 && password.Contains(name, StringComparison.OrdinalIgnoreCase))
                return "password: must not contain the user name.";
        }
        if (IsCommon(password)) return "password: is one of the most commonly used passwords.";
        return null;
    }

    /// <summary>True when <see cref="Validate"/> would refuse the password.</summary>
    public static bool IsWeak(string password, string? userName = null) => Validate(password, userName) is not null;

    private static bool IsOneCharacter(string password)
    {
        var first = password[0];
        foreach (var c in password)
            if (c != first) return false;
        return true;
    }

    private static bool IsCommon(string password)
    {
        var span = password.AsSpan().Trim();
        if (CommonPasswords.Contains(span)) return true;
        // "Password123456!" is still "password": look up the stem without trailing digits and symbols.
        var end = span.Length;
        while (end > 0 && !char.IsLetter(span[end - 1])) end--;
        return end > 0 && end < span.Length && CommonPasswords.Contains(span[..end]);
    }
}
