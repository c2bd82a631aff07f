namespace Crema.Core.Identity;

/// <summary>RFC 4648 base32 (A–Z, 2–7): encodes without padding; decodes leniently as authenticator apps do.</summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>Encodes bytes as upper-case base32 without '=' padding.</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return string.Empty;
        var chars = new char[(data.Length * 8 + 4) / 5];
        int buffer = 0, bits = 0, index = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[index++] = Alphabet[(buffer >> bits) & 31];
            }
        }
        if (bits > 0) chars[index++] = Alphabet[(buffer << (5 - bits)) & 31];
        return new string(chars, 0, index);
    }

    /// <summary>
    /// Decodes base32, ignoring case, spaces, hyphens and trailing '=' padding. False when a
    /// character is outside the alphabet or the length cannot come from whole bytes.
    /// </summary>
    public static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text is null) return false;
        var output = new byte[text.Length * 5 / 8];
        int buffer = 0, bits = 0, index = 0, symbols = 0;
        var padding = false;
        foreach (var c in text)
        {
            if (c is ' ' or '-' or '\t' or '\r' or '\n') continue;
            if (c == '=') { padding = true; continue; }
            if (padding) return false; // data after padding
            var value = c switch
            {
                >= 'A' and <= 'Z' => c - 'A',
                >= 'a' and <= 'z' => c - 'a',
                >= '2' and <= '7' => c - '2' + 26,
                _ => -1,
            };
            if (value < 0) return false;
            symbols++;
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output[index++] = (byte)(buffer >> bits);
            }
        }
        // 1, 3 or 6 trailing symbols cannot encode whole bytes.
        if ((symbols % 8) is 1 or 3 or 6) return false;
        bytes = index == output.Length ? output : output[..index];
        return true;
    }
}
