using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Crema.Core.Audit;

/// <summary>The event hash chain: each event's hash commits to the previous hash and its exact stored body.</summary>
public static class AuditHash
{
    /// <summary>The previous hash of the first event: 32 zero bytes in hex.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    // Domain separation: a chain hash can never be confused with any other SHA-256 Crema computes.
    private const string Prefix = "crema-audit-v1\n";

    /// <summary>Lowercase hex SHA-256 of UTF-8("crema-audit-v1\n" + previousHashHex + "\n" + body).</summary>
    public static string Chain(string previousHashHex, string body)
    {
        ArgumentNullException.ThrowIfNull(previousHashHex);
        ArgumentNullException.ThrowIfNull(body);
        var length = Prefix.Length + previousHashHex.Length + 1 + Encoding.UTF8.GetByteCount(body);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(Prefix, buffer);
            written += Encoding.UTF8.GetBytes(previousHashHex, buffer.AsSpan(written));
            buffer[written++] = (byte)'\n';
            written += Encoding.UTF8.GetBytes(body, buffer.AsSpan(written));
            Span<byte> digest = stackalloc byte[32];
            SHA256.HashData(buffer.AsSpan(0, written), digest);
            return ToHex(digest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Lowercase hex SHA-256 of the UTF-8 bytes of a string.</summary>
    public static string Sha256Hex(string text)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return ToHex(digest);
    }

    /// <summary>Decodes hex (either case); throws FormatException on odd length or a non-hex character.</summary>
    public static byte[] FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        return Convert.FromHexString(hex);
    }

    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>True when the text is exactly 64 lowercase hex digits, the form every stored hash takes.</summary>
    public static bool IsHash(string? hex)
    {
        if (hex is null || hex.Length != 64)
        {
            return false;
        }

        foreach (var c in hex)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }
}
