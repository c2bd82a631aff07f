using Snappier;

namespace Crema.Server.RemoteWrite;

/// <summary>
/// Snappy block format (not the framed stream format) as remote write uses it: a varint
/// uncompressed length, then the compressed elements. The length is read first so that an
/// oversized body is refused before any buffer is allocated.
/// </summary>
internal static class SnappyBlock
{
    /// <summary>Reads the declared uncompressed length (a varint of at most 32 bits).</summary>
    public static bool TryReadUncompressedLength(ReadOnlySpan<byte> block, out int length, out string? error)
    {
        ulong value = 0;
        for (var i = 0; i < 5; i++)
        {
            if (i >= block.Length)
            {
                length = 0;
                error = block.IsEmpty
                    ? "body is not valid snappy: the body is empty"
                    : "body is not valid snappy: the uncompressed-length header is truncated";
                return false;
            }

            var b = block[i];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                if (value > int.MaxValue)
                {
                    break;
                }

                length = (int)value;
                error = null;
                return true;
            }
        }

        length = 0;
        error = "body is not valid snappy: the uncompressed-length header is longer than 32 bits";
        return false;
    }

    /// <summary>Decompresses into <paramref name="output"/>, which must be exactly the declared length.</summary>
    public static bool TryDecompress(ReadOnlySpan<byte> block, Span<byte> output, out string? error)
    {
        try
        {
            if (!Snappy.TryDecompress(block, output, out var written) || written != output.Length)
            {
                error = $"body is not valid snappy: the data does not decompress to the declared {output.Length} bytes";
                return false;
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            // Snappier reports corrupt input by throwing; a hostile body must not cost more than a 400.
            error = "body is not valid snappy: " + ex.Message;
            return false;
        }

        error = null;
        return true;
    }
}
