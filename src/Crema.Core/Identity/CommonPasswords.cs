using System.Collections.Frozen;

namespace Crema.Core.Identity;

/// <summary>
/// A small built-in list of the most used passwords (from public breach-corpus top lists),
/// plus the defaults people leave on appliances. Lower case; compared case-insensitively.
/// </summary>
internal static class CommonPasswords
{
    // Short entries are also here on purpose: PasswordRules strips trailing digits and symbols
    // before looking up, so "password123456" and "changeme2024!" are caught through their stem.
    private static readonly string[] _list =
    [
        "password", "admin", "changeme", "root", "toor", "guest", "user", "test", "default", "welcome",
        "letmein", "qwerty", "qwertyuiop", "qwertyuiop12", "asdfghjkl", "zxcvbnm", "qazwsx", "1qaz2wsx",
        "1q2w3e4r", "1q2w3e4r5t6y", "abc123", "abcd1234", "iloveyou", "monkey", "dragon", "master",
        "sunshine", "princess", "football", "baseball", "basketball", "soccer", "superman", "batman",
        "trustno1", "shadow", "michael", "jennifer", "jordan", "hunter", "buster", "tigger", "charlie",
        "freedom", "whatever", "starwars", "pokemon", "computer", "internet", "secret", "passw0rd",
        "p@ssw0rd", "p@ssword", "pa55word", "password1", "password12", "password123", "password1234",
        "password123456", "passwordpassword", "administrator", "adminadmin", "admin123", "admin1234",
        "administrator1", "rootroot", "changeit", "changemenow", "letmeinnow", "welcome1", "welcome123",
        "qwerty123", "qwerty123456", "qwertyqwerty", "123qwe", "123456", "1234567", "12345678",
        "123456789", "1234567890", "12345678910", "123456789012", "1234567890123", "111111", "000000",
        "123123", "123321", "654321", "987654321", "666666", "121212", "112233", "11223344",
        "aaaaaa", "abcdefg", "abcdefghijkl", "loveyou", "mustang", "access", "login", "crema",
        "coffee", "coffeeshop", "espresso", "cappuccino", "monitoring", "grafana", "prometheus",
        "correcthorsebatterystaple", "thequickbrownfox", "iloveyou123",
    ];

    private static readonly FrozenSet<string> _set = _list.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Number of entries, for tests and the advisor's explanation.</summary>
    public static int Count => _set.Count;

    public static bool Contains(ReadOnlySpan<char> candidate) =>
        _set.GetAlternateLookup<ReadOnlySpan<char>>().Contains(candidate);
}
