using System.Text;

namespace Crema.Server.RemoteWrite;

/// <summary>Writes a series in PromQL notation for error messages, so that a refusal names the series the sender knows.</summary>
internal static class SeriesFormatter
{
    // A refused series may carry a 100 kB value; the message should still fit on a line.
    private const int MaxShownLength = 64;

    public static string Format(ReadOnlySpan<RemoteLabel> labels)
    {
        var sb = new StringBuilder();
        string? name = null;
        foreach (var label in labels)
        {
            if (label.Name == RemoteWriteValidator.MetricNameLabel)
            {
                name = label.Value;
                break;
            }
        }

        var nameInFront = name is not null && RemoteWriteValidator.IsValidMetricName(name);
        if (nameInFront)
        {
            sb.Append(name);
        }

        sb.Append('{');
        var first = true;
        foreach (var label in labels)
        {
            if (nameInFront && label.Name == RemoteWriteValidator.MetricNameLabel)
            {
                continue;
            }

            if (!first)
            {
                sb.Append(", ");
            }

            first = false;
            AppendShortened(sb, label.Name, quoted: !RemoteWriteValidator.IsValidLabelName(label.Name));
            sb.Append('=');
            AppendShortened(sb, label.Value, quoted: true);
        }

        if (nameInFront && first)
        {
            sb.Length--;   // a bare metric name, as PromQL writes it
            return sb.ToString();
        }

        return sb.Append('}').ToString();
    }

    /// <summary>A string for a message: quoted and escaped, shortened past 64 characters.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(Math.Min(value.Length, MaxShownLength) + 8);
        AppendShortened(sb, value, quoted: true);
        return sb.ToString();
    }

    private static void AppendShortened(StringBuilder sb, string value, bool quoted)
    {
        if (quoted)
        {
            sb.Append('"');
        }

        var shown = Math.Min(value.Length, MaxShownLength);
        for (var i = 0; i < shown; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        if (value.Length > shown)
        {
            sb.Append('…');
        }

        if (quoted)
        {
            sb.Append('"');
        }
    }
}
