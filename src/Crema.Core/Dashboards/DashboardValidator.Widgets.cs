using System.Text;
using System.Text.Json;

namespace Crema.Core.Dashboards;

public static partial class DashboardValidator
{
    private static void ValidateWidget(JsonElement w, string path, Errors errors, List<string> alarms, List<string> namespaces)
    {
        if (w.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "must be an object");
            return;
        }

        var type = w.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type is not ("metric" or "alarm" or "text"))
        {
            errors.Add(path + ".type", "must be \"metric\", \"alarm\" or \"text\"");
        }

        var x = Int(w, "x", path + ".x", 0, DashboardLimits.GridColumns - 1, errors);
        Int(w, "y", path + ".y", 0, DashboardLimits.MaxWidgetY, errors);
        var width = Int(w, "width", path + ".width", 1, DashboardLimits.GridColumns, errors);
        Int(w, "height", path + ".height", 1, DashboardLimits.MaxWidgetHeight, errors);
        if (x is { } xv && width is { } wv && xv + wv > DashboardLimits.GridColumns)
        {
            errors.Add(path + ".width", $"x + width must be at most {DashboardLimits.GridColumns} (x is {xv}, width {wv})");
        }

        var propertiesPath = path + ".properties";
        if (!w.TryGetProperty("properties", out var p) || p.ValueKind == JsonValueKind.Null)
        {
            errors.Add(propertiesPath, "is required (an object)");
            return;
        }

        if (p.ValueKind != JsonValueKind.Object)
        {
            errors.Add(propertiesPath, "must be an object");
            return;
        }

        switch (type)
        {
            case "metric":
                ValidateMetricWidget(p, propertiesPath, errors, alarms, namespaces);
                break;
            case "alarm":
                OptionalString(p, "title", propertiesPath + ".title", DashboardLimits.MaxTitleLength, errors);
                AlarmNames(p, propertiesPath, errors, alarms);
                OptionalString(p, "alarmNamePrefix", propertiesPath + ".alarmNamePrefix", 255, errors);
                break;
            case "text":
                if (!p.TryGetProperty("markdown", out var md) || md.ValueKind != JsonValueKind.String)
                {
                    errors.Add(propertiesPath + ".markdown", "is required (a string)");
                }
                else if (Encoding.UTF8.GetByteCount(md.GetString()!) > DashboardLimits.MaxMarkdownBytes)
                {
                    errors.Add(propertiesPath + ".markdown", $"must be at most {DashboardLimits.MaxMarkdownBytes} bytes");
                }

                break;
        }
    }

    private static void ValidateMetricWidget(JsonElement p, string path, Errors errors, List<string> alarms, List<string> namespaces)
    {
        OptionalString(p, "title", path + ".title", DashboardLimits.MaxTitleLength, errors);
        if (p.TryGetProperty("view", out var view) && view.ValueKind != JsonValueKind.Null
            && !(view.ValueKind == JsonValueKind.String && view.GetString() is "timeSeries" or "bar" or "singleValue" or "gauge"))
        {
            errors.Add(path + ".view", "must be \"timeSeries\", \"bar\", \"singleValue\" or \"gauge\"");
        }

        OptionalBool(p, "stacked", path + ".stacked", errors);
        OptionalBool(p, "sparkline", path + ".sparkline", errors);
        var hasStat = Stat(p, "stat", path + ".stat", errors);
        var hasPeriod = Period(p, "period", path + ".period", errors);
        ValidateQueries(p, path + ".metrics", hasStat, hasPeriod, errors, namespaces);

        if (OptionalObject(p, "yAxis", path + ".yAxis", errors) is { } yAxis)
        {
            Axis(yAxis, "left", path + ".yAxis.left", errors);
            Axis(yAxis, "right", path + ".yAxis.right", errors);
        }

        if (OptionalObject(p, "legend", path + ".legend", errors) is { } legend
            && legend.TryGetProperty("position", out var pos) && pos.ValueKind != JsonValueKind.Null
            && !(pos.ValueKind == JsonValueKind.String && pos.GetString() is "bottom" or "right" or "hidden"))
        {
            errors.Add(path + ".legend.position", "must be \"bottom\", \"right\" or \"hidden\"");
        }

        if (OptionalObject(p, "annotations", path + ".annotations", errors) is { } annotations
            && annotations.TryGetProperty("horizontal", out var horizontal) && horizontal.ValueKind != JsonValueKind.Null)
        {
            var hPath = path + ".annotations.horizontal";
            if (horizontal.ValueKind != JsonValueKind.Array)
            {
                errors.Add(hPath, "must be an array");
            }
            else
            {
                if (horizontal.GetArrayLength() > DashboardLimits.MaxAnnotationsPerWidget) errors.Add(hPath, $"must have at most {DashboardLimits.MaxAnnotationsPerWidget} annotations");
                var i = 0;
                foreach (var a in horizontal.EnumerateArray())
                {
                    var aPath = $"{hPath}[{i++}]";
                    if (a.ValueKind != JsonValueKind.Object)
                    {
                        errors.Add(aPath, "must be an object");
                        continue;
                    }

                    if (!a.TryGetProperty("value", out var v) || v.ValueKind != JsonValueKind.Number || !double.IsFinite(v.GetDouble()))
                    {
                        errors.Add(aPath + ".value", "is required (a finite number)");
                    }

                    OptionalString(a, "label", aPath + ".label", DashboardLimits.MaxLabelLength, errors);
                }
            }
        }

        AlarmNames(p, path, errors, alarms);
    }

    private static void Axis(JsonElement yAxis, string side, string path, Errors errors)
    {
        if (OptionalObject(yAxis, side, path, errors) is not { } axis) return;
        OptionalString(axis, "label", path + ".label", DashboardLimits.MaxLabelLength, errors);
        var min = Number(axis, "min", path + ".min", errors);
        var max = Number(axis, "max", path + ".max", errors);
        if (min is { } lo && max is { } hi && lo >= hi) errors.Add(path + ".max", "must be greater than min");
    }

    private static double? Number(JsonElement obj, string property, string path, Errors errors)
    {
        if (!obj.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number && double.IsFinite(v.GetDouble())) return v.GetDouble();
        errors.Add(path, "must be a finite number or null");
        return null;
    }

    private static void AlarmNames(JsonElement p, string path, Errors errors, List<string> alarms)
    {
        if (!p.TryGetProperty("alarms", out var list) || list.ValueKind == JsonValueKind.Null) return;
        var aPath = path + ".alarms";
        if (list.ValueKind != JsonValueKind.Array)
        {
            errors.Add(aPath, "must be an array of alarm names");
            return;
        }

        if (list.GetArrayLength() > DashboardLimits.MaxAlarmsPerWidget) errors.Add(aPath, $"must have at most {DashboardLimits.MaxAlarmsPerWidget} alarm names");
        var i = 0;
        foreach (var a in list.EnumerateArray())
        {
            var name = a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            if (string.IsNullOrEmpty(name) || name.Length > 255)
            {
                errors.Add($"{aPath}[{i}]", "must be an alarm name of 1-255 characters");
            }
            else if (!alarms.Contains(name, StringComparer.Ordinal))
            {
                alarms.Add(name);
            }

            i++;
        }
    }

    private static int? Int(JsonElement obj, string property, string path, int min, int max, Errors errors)
    {
        if (!obj.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            errors.Add(path, $"is required (a whole number from {min} to {max})");
            return null;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= min && n <= max) return n;
        errors.Add(path, $"must be a whole number from {min} to {max}");
        return null;
    }
}
