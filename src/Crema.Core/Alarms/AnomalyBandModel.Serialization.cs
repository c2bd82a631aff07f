using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Crema.Core.Alarms;

public sealed partial class AnomalyBandModel
{
    /// <summary>The JSON layout's version; <see cref="TryFromJson"/> refuses others.</summary>
    public const int FormatVersion = 1;

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>
    /// The model as compact JSON for the metadata store:
    /// <c>{"v":1,"seasonality":"HourOfDay","utcOffsetMinutes":60,"trendPerHour":0,"trendOrigin":"…Z","expected":[…],"spread":[…]}</c>.
    /// Numbers are written in their shortest round-trip form, so a read model gives bit-identical bands.
    /// </summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (_expected.Length * 40));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", FormatVersion);
            writer.WriteString("seasonality", Seasonality.ToString());
            writer.WriteNumber("utcOffsetMinutes", (long)UtcOffset.TotalMinutes);
            writer.WriteNumber("trendPerHour", TrendPerHour);
            writer.WriteString("trendOrigin", TrendOrigin.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
            WriteArray(writer, "expected", _expected);
            WriteArray(writer, "spread", _spread);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads a model written by <see cref="ToJson"/>; on failure <paramref name="error"/> names the field and the rule.</summary>
    public static bool TryFromJson(string json, out AnomalyBandModel? model, out string? error)
    {
        ArgumentNullException.ThrowIfNull(json);
        model = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            error = Read(document.RootElement, out model);
        }
        catch (JsonException e)
        {
            error = $"the text is not JSON: {e.Message}";
        }

        return error is null;
    }

    private static string? Read(JsonElement root, out AnomalyBandModel? model)
    {
        model = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "the model must be a JSON object";
        }

        if (!root.TryGetProperty("v", out var version) || !version.TryGetInt32(out var v) || v != FormatVersion)
        {
            return $"v must be {FormatVersion}";
        }

        if (!root.TryGetProperty("seasonality", out var seasonalityText) || seasonalityText.ValueKind != JsonValueKind.String
            || !Enum.TryParse<AnomalyBandSeasonality>(seasonalityText.GetString(), ignoreCase: false, out var seasonality)
            || !Enum.IsDefined(seasonality) || int.TryParse(seasonalityText.GetString(), out _))
        {
            return "seasonality must be one of None, HourOfDay, HourOfWeek";
        }

        if (!root.TryGetProperty("utcOffsetMinutes", out var offsetElement) || !offsetElement.TryGetInt32(out var offsetMinutes)
            || Math.Abs(offsetMinutes) > 14 * 60)
        {
            return "utcOffsetMinutes must be a whole number of minutes within ±840";
        }

        if (!root.TryGetProperty("trendPerHour", out var trendElement) || trendElement.ValueKind != JsonValueKind.Number
            || !double.IsFinite(trendElement.GetDouble()))
        {
            return "trendPerHour must be a finite number";
        }

        if (!root.TryGetProperty("trendOrigin", out var originElement) || originElement.ValueKind != JsonValueKind.String
            || !DateTimeOffset.TryParseExact(originElement.GetString(), TimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var origin))
        {
            return "trendOrigin must be a UTC time written as yyyy-MM-ddTHH:mm:ss.fffffffZ";
        }

        var count = BucketCountOf(seasonality);
        var problem = ReadArray(root, "expected", count, allowNegative: true, out var expected);
        double[]? spread = null;
        problem ??= ReadArray(root, "spread", count, allowNegative: false, out spread);
        if (problem is not null)
        {
            return problem;
        }

        model = new AnomalyBandModel(seasonality, TimeSpan.FromMinutes(offsetMinutes), trendElement.GetDouble(), origin, expected!, spread!);
        return null;
    }

    private static string? ReadArray(JsonElement root, string name, int count, bool allowNegative, out double[]? values)
    {
        values = null;
        if (!root.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() != count)
        {
            return $"{name} must be an array of {count} numbers for this seasonality";
        }

        var result = new double[count];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !double.IsFinite(result[i] = item.GetDouble()) || (!allowNegative && result[i] < 0))
            {
                return $"{name}[{i}] must be a finite number{(allowNegative ? string.Empty : " ≥ 0")}";
            }

            i++;
        }

        values = result;
        return null;
    }

    private static void WriteArray(Utf8JsonWriter writer, string name, double[] values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteNumberValue(value);
        }

        writer.WriteEndArray();
    }
}
