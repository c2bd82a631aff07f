using System.Text;
using System.Text.Json;

namespace Crema.Core.Dashboards;

/// <summary>
/// Validates a dashboard body (docs/formats/dashboards.md) as a whole: every broken rule is reported with the path of
/// its field, so a client can show all of them at once; a body with any error is refused whole.
/// Unknown properties are allowed (a newer console may add some); known ones must follow their rules.
/// </summary>
public static partial class DashboardValidator
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>Validates the body's JSON text.</summary>
    public static DashboardValidation Validate(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var errors = new Errors();
        if (Encoding.UTF8.GetByteCount(json) > DashboardLimits.MaxBodyBytes)
        {
            errors.Add("body", $"must be at most {DashboardLimits.MaxBodyBytes} bytes");
            return new DashboardValidation(errors.List, null);
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            errors.Add("body", $"is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1})");
            return new DashboardValidation(errors.List, null);
        }

        using (doc)
        {
            return Validate(doc.RootElement, errors);
        }
    }

    /// <summary>Validates a parsed body.</summary>
    public static DashboardValidation Validate(JsonElement body) => Validate(body, new Errors());

    private static DashboardValidation Validate(JsonElement body, Errors errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "must be a JSON object");
            return new DashboardValidation(errors.List, null);
        }

        var title = OptionalString(body, "title", "title", DashboardLimits.MaxTitleLength, errors);
        ValidateTimeRange(body, errors);
        if (body.TryGetProperty("timezone", out var tz) && tz.ValueKind != JsonValueKind.Null
            && !(tz.ValueKind == JsonValueKind.String && tz.GetString() is "local" or "UTC"))
        {
            errors.Add("timezone", "must be \"local\" or \"UTC\"");
        }

        if (body.TryGetProperty("refresh", out var refresh) && refresh.ValueKind != JsonValueKind.Null)
        {
            if (!refresh.TryGetInt32(out var r) || r < 0 || r > DashboardLimits.MaxRefreshSeconds)
            {
                errors.Add("refresh", $"must be a whole number of seconds from 0 to {DashboardLimits.MaxRefreshSeconds}");
            }
        }

        var alarms = new List<string>();
        var namespaces = new List<string>();
        var widgetCount = 0;
        if (!body.TryGetProperty("widgets", out var widgets) || widgets.ValueKind == JsonValueKind.Null)
        {
            errors.Add("widgets", "is required (an array, possibly empty)");
        }
        else if (widgets.ValueKind != JsonValueKind.Array)
        {
            errors.Add("widgets", "must be an array");
        }
        else
        {
            widgetCount = widgets.GetArrayLength();
            if (widgetCount > DashboardLimits.MaxWidgets) errors.Add("widgets", $"must have at most {DashboardLimits.MaxWidgets} widgets");
            var i = 0;
            foreach (var w in widgets.EnumerateArray())
            {
                if (errors.Full) break;
                ValidateWidget(w, $"widgets[{i}]", errors, alarms, namespaces);
                i++;
            }
        }

        return errors.List.Count > 0
            ? new DashboardValidation(errors.List, null)
            : new DashboardValidation([], new DashboardSummary(title, widgetCount, alarms, namespaces));
    }

    private static void ValidateTimeRange(JsonElement body, Errors errors)
    {
        DateTimeOffset? start = null;
        if (body.TryGetProperty("start", out var s) && s.ValueKind != JsonValueKind.Null)
        {
            var text = s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            if (DashboardTime.TryParseAbsolute(text, out var at)) start = at;
            else if (!DashboardTime.TryParseLookBack(text, out _))
            {
                errors.Add("start", "must be a negative ISO-8601 duration such as -PT15M, -PT3H or -P7D (weeks, days, hours, minutes, seconds; at most 3660 days) or an ISO-8601 time");
            }
        }

        if (body.TryGetProperty("end", out var e) && e.ValueKind != JsonValueKind.Null)
        {
            if (e.ValueKind != JsonValueKind.String || !DashboardTime.TryParseAbsolute(e.GetString(), out var end))
            {
                errors.Add("end", "must be null (now) or an ISO-8601 time");
            }
            else if (start is null)
            {
                errors.Add("end", "an absolute end needs an absolute start");
            }
            else if (end <= start)
            {
                errors.Add("end", "must be after start");
            }
        }
    }

    private static string? OptionalString(JsonElement obj, string property, string path, int maxLength, Errors errors)
    {
        if (!obj.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String)
        {
            errors.Add(path, "must be a string");
            return null;
        }

        var text = v.GetString()!;
        if (text.Length > maxLength)
        {
            errors.Add(path, $"must be at most {maxLength} characters");
            return null;
        }

        return text;
    }

    private static bool? OptionalBool(JsonElement obj, string property, string path, Errors errors)
    {
        if (!obj.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
        errors.Add(path, "must be true or false");
        return null;
    }

    private static JsonElement? OptionalObject(JsonElement obj, string property, string path, Errors errors)
    {
        if (!obj.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Object) return v;
        errors.Add(path, "must be an object");
        return null;
    }

    /// <summary>The errors found so far, capped so that a huge broken body does not produce a huge answer.</summary>
    private sealed class Errors
    {
        public List<DashboardError> List { get; } = [];

        public bool Full => List.Count >= DashboardLimits.MaxErrors;

        public void Add(string path, string rule)
        {
            if (!Full) List.Add(new DashboardError(path, rule));
        }
    }
}
