using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Crema.Core.Identity;

/// <summary>
/// Argon2id password hashing (libsodium through NSec) stored as a PHC string:
/// <c>$argon2id$v=19$m=19456,t=2,p=1$&lt;b64 salt&gt;$&lt;b64 hash&gt;</c>.
/// </summary>
/// <remarks>
/// The parameters are OWASP's minimum for Argon2id (19 MiB, 2 passes, 1 lane). Stored hashes
/// carry their own parameters, so raising them later only needs <see cref="NeedsRehash"/>
/// at the next successful sign-in.
/// </remarks>
public static class PasswordHasher
{
    /// <summary>Memory cost in KiB.</summary>
    public const int MemoryKiB = 19456;

    /// <summary>Number of passes over memory.</summary>
    public const int Passes = 2;

    /// <summary>Lanes; libsodium only implements 1.</summary>
    public const int Parallelism = 1;

    /// <summary>Salt length in bytes (libsodium's fixed Argon2 salt size).</summary>
    public const int SaltBytes = 16;

    /// <summary>Derived hash length in bytes.</summary>
    public const int HashBytes = 32;

    private const string Prefix = "$argon2id$v=19$";

    // Bounds for parameters read back from a stored string: a tampered or foreign row must not
    // make one verification allocate gigabytes or spin for minutes.
    private const int MaxMemoryKiB = 1 << 20;
    private const int MaxPasses = 16;
    private const int MinHashBytes = 16;
    private const int MaxHashBytes = 64;

    private static readonly PasswordBasedKeyDerivationAlgorithm _current = Create(MemoryKiB, Passes);

    /// <summary>Hashes a password with a fresh random salt and the current parameters.</summary>
    public static string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        Span<byte> salt = stackalloc byte[SaltBytes];
        RandomNumberGenerator.Fill(salt);
        var hash = new byte[HashBytes];
        Derive(_current, password, salt, hash);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}m={MemoryKiB},t={Passes},p={Parallelism}${ToB64(salt)}${ToB64(hash)}");
    }

    /// <summary>
    /// Checks a password against a stored PHC string in constant time over the hash bytes.
    /// A malformed or unsupported string gives false, never an exception.
    /// </summary>
    public static bool Verify(string password, string phc)
    {
        if (password is null || !TryParse(phc, out var p)) return false;
        var actual = new byte[p.Hash.Length];
        try
        {
            var algorithm = p.MemoryKiB == MemoryKiB && p.Passes == Passes ? _current : Create(p.MemoryKiB, p.Passes);
            Derive(algorithm, password, p.Salt, actual);
        }
        catch (ArgumentException)
        {
            // Parameters inside our bounds that libsodium still refuses: a foreign string, not a match.
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(actual, p.Hash);
    }

    /// <summary>True when the stored string is malformed or was made with other parameters than today's.</summary>
    public static bool NeedsRehash(string phc)
    {
        if (!TryParse(phc, out var p)) return true;
        return p.MemoryKiB != MemoryKiB || p.Passes != Passes || p.Parallelism != Parallelism
            || p.Salt.Length != SaltBytes || p.Hash.Length != HashBytes;
    }

    private static PasswordBasedKeyDerivationAlgorithm Create(int memoryKiB, int passes) =>
        PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = Parallelism,
            MemorySize = memoryKiB,
            NumberOfPasses = passes,
        });

    private static void Derive(PasswordBasedKeyDerivationAlgorithm algorithm, string password, ReadOnlySpan<byte> salt, Span<byte> output)
    {
        var bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            algorithm.DeriveBytes(bytes, salt, output);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private readonly record struct PhcParts(int MemoryKiB, int Passes, int Parallelism, byte[] Salt, byte[] Hash);

    private static bool TryParse(string? phc, out PhcParts parts)
    {
        parts = default;
        if (phc is null || !phc.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        // After the prefix: "m=..,t=..,p=..$salt$hash".
        var rest = phc.AsSpan(Prefix.Length);
        var d1 = rest.IndexOf('$');
        if (d1 < 0) return false;
        var paramText = rest[..d1];
        rest = rest[(d1 + 1)..];
        var d2 = rest.IndexOf('$');
        if (d2 < 0) return false;
        var saltText = rest[..d2];
        var hashText = rest[(d2 + 1)..];
        if (hashText.IndexOf('$') >= 0) return false;

        int m = -1, t = -1, p = -1;
        foreach (var range in paramText.Split(','))
        {
            var item = paramText[range];
            if (item.Length < 3 || item[1] != '=') return false;
            if (!int.TryParse(item[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return false;
            switch (item[0])
            {
                case 'm' when m < 0: m = value; break;
                case 't' when t < 0: t = value; break;
                case 'p' when p < 0: p = value; break;
                default: return false;
            }
        }
        if (m < 8 || m > MaxMemoryKiB || t < 1 || t > MaxPasses || p != Parallelism) return false;
        if (!TryFromB64(saltText, out var salt) || salt.Length != SaltBytes) return false;
        if (!TryFromB64(hashText, out var hash) || hash.Length < MinHashBytes || hash.Length > MaxHashBytes) return false;
        parts = new PhcParts(m, t, p, salt, hash);
        return true;
    }

    // PHC strings use standard base64 without padding.
    private static string ToB64(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static bool TryFromB64(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Length > 128 || text.Length % 4 == 1 || text.IndexOf('=') >= 0) return false;
        Span<char> padded = stackalloc char[text.Length + 3];
        text.CopyTo(padded);
        var length = text.Length;
        while (length % 4 != 0) padded[length++] = '=';
        Span<byte> buffer = stackalloc byte[length / 4 * 3];
        if (!Convert.TryFromBase64Chars(padded[..length], buffer, out var written)) return false;
        bytes = buffer[..written].ToArray();
        return true;
    }
}
