using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Crema.Core.Audit;

/// <summary>Shared pieces of the deterministic audit JSON: writer settings, time format, strict readers.</summary>
internal static class AuditJson
{
    // Relaxed escaping keeps non-ASCII names readable; the output is hashed as stored, never embedded in HTML raw.
    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    internal const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    internal static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    internal static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    internal static DateTimeOffset ReadTime(JsonElement value, string field)
    {
        var text = ReadString(value, field);
        if (!DateTimeOffset.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            throw Fail(field, "must be a UTC time written as yyyy-MM-ddTHH:mm:ss.fffffffZ");
        }

        return time;
    }

    internal static string ReadString(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw Fail(field, "must be a string");
        }

        return value.GetString()!;
    }

    internal static string ReadNonEmptyString(JsonElement value, string field)
    {
        var text = ReadString(value, field);
        if (text.Length == 0)
        {
            throw Fail(field, "must not be empty");
        }

        return text;
    }

    internal static string ReadHash(JsonElement value, string field)
    {
        var text = ReadString(value, field);
        if (!AuditHash.IsHash(text))
        {
            throw Fail(field, "must be 64 lowercase hex digits");
        }

        return text;
    }

    internal static long ReadInt64(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            throw Fail(field, "must be a whole number");
        }

        return number;
    }

    internal static int ReadInt32(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            throw Fail(field, "must be a 32-bit whole number");
        }

        return number;
    }

    internal static bool ReadBool(JsonElement value, string field) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Fail(field, "must be true or false"),
    };

    internal static JsonDocument ParseDocument(string body, string what)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                throw new FormatException(what + ": the body must be a JSON object.");
            }

            return doc;
        }
        catch (JsonException ex)
        {
            throw new FormatException(what + ": the body is not valid JSON (" + ex.Message + ").", ex);
        }
    }

    /// <summary>Records a property as seen; a repeated one is refused so a body has one reading only.</summary>
    internal static void MarkSeen(HashSet<string> seen, string field, string what)
    {
        if (!seen.Add(field))
        {
            throw new FormatException(what + ": property '" + field + "' appears more than once.");
        }
    }

    internal static void Require(HashSet<string> seen, string field, string what)
    {
        if (!seen.Contains(field))
        {
            throw new FormatException(what + ": property '" + field + "' is required.");
        }
    }

    internal static FormatException Fail(string field, string rule) => new("'" + field + "' " + rule + ".");
}
