using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crema.Client;

/// <summary>Reads a timestamp as ISO-8601 text or as epoch seconds (a number, fractions allowed); writes ISO-8601 UTC.</summary>
public sealed class FlexibleTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            var seconds = reader.GetDouble();
            if (double.IsNaN(seconds) || double.IsInfinity(seconds) || Math.Abs(seconds) > 253402300799)
                throw new JsonException("a timestamp in epoch seconds must be a finite number within year 1..9999");
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
        }
        if (reader.TokenType == JsonTokenType.String)
        {
            var s = reader.GetString();
            if (s is not null && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)) return t;
            if (s is not null && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var sec)
                && Math.Abs(sec) <= 253402300799)
                return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(sec * 1000));
            throw new JsonException($"'{s}' is not an ISO-8601 time or epoch seconds");
        }
        throw new JsonException("a timestamp must be an ISO-8601 string or epoch seconds");
    }

    /// <summary>Writes ISO-8601 in UTC ("2026-11-26T08:15:00Z", fractions only when present) without a string per value.</summary>
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.UtcDateTime);
}
