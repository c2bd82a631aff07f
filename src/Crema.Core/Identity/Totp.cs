using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Crema.Core.Identity;

/// <summary>
/// Time-based one-time passwords (RFC 6238 over RFC 4226): HMAC-SHA1, 30-second steps,
/// 6 digits — what every authenticator app uses by default.
/// </summary>
/// <remarks>
/// Replay: a code stays valid for its whole step (and the window around it), so the caller
/// must persist the step returned by <see cref="Verify(ReadOnlySpan{byte}, string, DateTimeOffset, int, out long)"/>
/// for the user and refuse any later code whose step is not greater — or pass it to the
/// overload that takes <c>lastUsedStep</c>, which does that check.
/// </remarks>
public static class Totp
{
    /// <summary>Seconds per step.</summary>
    public const int PeriodSeconds = 30;

    /// <summary>Digits in a code.</summary>
    public const int Digits = 6;

    /// <summary>Secret length in bytes (160 bits, RFC 4226's recommendation for SHA-1).</summary>
    public const int SecretBytes = 20;

    /// <summary>The step number at a time: whole 30-second periods since the Unix epoch.</summary>
    public static long Step(DateTimeOffset time) => Math.DivRem(time.ToUnixTimeSeconds(), PeriodSeconds, out var r) - (r < 0 ? 1 : 0);

    /// <summary>A fresh random 20-byte secret.</summary>
    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(SecretBytes);

    /// <summary>The 6-digit code at a time.</summary>
    public static string Code(ReadOnlySpan<byte> secret, DateTimeOffset time) => Code(secret, time, Digits);

    /// <summary>The code with a given number of digits (6 to 8) at a time.</summary>
    public static string Code(ReadOnlySpan<byte> secret, DateTimeOffset time, int digits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 6);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 8);
        return Format(Truncate(secret, Step(time)), digits);
    }

    /// <summary>
    /// Checks a 6-digit code against the steps from <paramref name="window"/> before to
    /// <paramref name="window"/> after now. On success returns the matched step, which the
    /// caller stores to refuse the same code again (see the type remarks).
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> secret, string code, DateTimeOffset now, int window, out long matchedStep) =>
        Verify(secret, code, now, window, long.MinValue, out matchedStep);

    /// <summary>
    /// As the other overload, but only steps after <paramref name="lastUsedStep"/> count, so a
    /// code already used (or an older one) is refused.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> secret, string code, DateTimeOffset now, int window, long lastUsedStep, out long matchedStep)
    {
        matchedStep = -1;
        ArgumentOutOfRangeException.ThrowIfNegative(window);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(window, 10);
        if (secret.IsEmpty || !TryParseCode(code, out var expected)) return false;
        var current = Step(now);
        var found = false;
        // Every step in the window is computed and compared so timing does not tell which matched.
        for (var step = current - window; step <= current + window; step++)
        {
            var candidate = (int)(Truncate(secret, step) % 1_000_000);
            var equal = candidate == expected;
            if (equal && step > lastUsedStep && !found)
            {
                found = true;
                matchedStep = step;
            }
        }
        return found;
    }

    /// <summary>
    /// The otpauth:// URI authenticator apps read from a QR code (Google's Key Uri Format).
    /// </summary>
    public static string ProvisioningUri(string issuer, string account, ReadOnlySpan<byte> secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(issuer);
        ArgumentException.ThrowIfNullOrWhiteSpace(account);
        var encodedIssuer = Uri.EscapeDataString(issuer);
        var sb = new StringBuilder("otpauth://totp/");
        sb.Append(encodedIssuer).Append(':').Append(Uri.EscapeDataString(account));
        sb.Append("?secret=").Append(Base32.Encode(secret));
        sb.Append("&issuer=").Append(encodedIssuer);
        sb.Append("&algorithm=SHA1&digits=6&period=30");
        return sb.ToString();
    }

    private static bool TryParseCode(string? code, out int value)
    {
        value = 0;
        if (code is null) return false;
        var digits = 0;
        foreach (var c in code)
        {
            // People type "123 456" from the app's grouping.
            if (c == ' ') continue;
            if (c is < '0' or > '9' || ++digits > Digits) return false;
            value = value * 10 + (c - '0');
        }
        return digits == Digits;
    }

    // RFC 4226 section 5.3: HMAC over the big-endian counter, then dynamic truncation to 31 bits.
    private static uint Truncate(ReadOnlySpan<byte> secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
#pragma warning disable CA5350 // HMAC-SHA1 is what RFC 6238 and every authenticator app use; HMAC does not rely on SHA-1's collision resistance.
        HMACSHA1.HashData(secret, counter, mac);
#pragma warning restore CA5350
        var offset = mac[^1] & 0x0F;
        return BinaryPrimitives.ReadUInt32BigEndian(mac[offset..]) & 0x7FFF_FFFF;
    }

    private static string Format(uint truncated, int digits)
    {
        var modulus = digits switch { 6 => 1_000_000u, 7 => 10_000_000u, _ => 100_000_000u };
        return (truncated % modulus).ToString(new string('0', digits), System.Globalization.CultureInfo.InvariantCulture);
    }
}
