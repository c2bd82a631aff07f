using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Crema.Core.Identity;

/// <summary>Random identifiers and secrets for API keys, sessions and MFA recovery, all from the OS CSPRNG.</summary>
public static class Secrets
{
    /// <summary>Prefix of every access key id, so a leaked id is recognisable as Crema's.</summary>
    public const string AccessKeyIdPrefix = "CK";

    private const string Base32Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    // Lower-case letters and digits without 0/o, 1/l/i: read aloud or copied from paper without mistakes.
    private const string RecoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    /// <summary>"CK" and 18 upper-case base32 characters (90 random bits), like AWS's AKIA… ids.</summary>
    public static string NewAccessKeyId() => AccessKeyIdPrefix + RandomNumberGenerator.GetString(Base32Upper, 18);

    /// <summary>40 base64url characters from 30 random bytes.</summary>
    public static string NewSecretAccessKey() => RandomBase64Url(30);

    /// <summary>43 base64url characters from 32 random bytes.</summary>
    public static string NewSessionToken() => RandomBase64Url(32);

    /// <summary>One-use MFA recovery codes "xxxxx-xxxxx" (about 49 random bits each).</summary>
    public static IReadOnlyList<string> NewRecoveryCodes(int count = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 100);
        var codes = new string[count];
        for (var i = 0; i < count; i++)
        {
            var raw = RandomNumberGenerator.GetString(RecoveryAlphabet, 10);
            codes[i] = string.Concat(raw.AsSpan(0, 5), "-", raw.AsSpan(5));
        }
        return codes;
    }

    /// <summary>
    /// Brings a typed recovery code to the "xxxxx-xxxxx" form (case, spaces and the dash are
    /// forgiven); null when it cannot be one.
    /// </summary>
    public static string? NormalizeRecoveryCode(string? input)
    {
        if (input is null) return null;
        Span<char> chars = stackalloc char[10];
        var n = 0;
        foreach (var c in input)
        {
            if (c is ' ' or '-') continue;
            var lower = char.ToLowerInvariant(c);
            if (n == 10 || !RecoveryAlphabet.Contains(lower, StringComparison.Ordinal)) return null;
            chars[n++] = lower;
        }
        return n == 10 ? string.Concat(chars[..5], "-", chars[5..]) : null;
    }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 text, for storing tokens and codes by digest.</summary>
    public static string Sha256Hex(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Compares two strings in time that depends only on their lengths.</summary>
    public static bool FixedTimeEquals(string? a, string? b)
    {
        if (a is null || b is null) return false;
        return CryptographicOperations.FixedTimeEquals(
            MemoryMarshal.AsBytes(a.AsSpan()), MemoryMarshal.AsBytes(b.AsSpan()));
    }

    private static string RandomBase64Url(int byteCount)
    {
        Span<byte> bytes = stackalloc byte[byteCount];
        RandomNumberGenerator.Fill(bytes);
        var text = Base64Url.EncodeToString(bytes);
        CryptographicOperations.ZeroMemory(bytes);
        return text;
    }
}
