using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Crema.Core.Alarms;

/// <summary>How CloudWatch writes numbers and times in alarm reasons, so Crema's reasons read the same.</summary>
public static class AlarmText
{
    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>
    /// A number as CloudWatch prints it (Java's Double.toString): 412.0, 388.5, 1.0E7, 1.5E-4 — always a
    /// fraction or an exponent, scientific below 10⁻³ and from 10⁷ on, with the shortest digits that round-trip.
    /// </summary>
    public static string FormatNumber(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "Infinity";
        if (double.IsNegativeInfinity(value)) return "-Infinity";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";

        // "E16" is not shortest; "R" is, so take its digits and exponent and lay them out the Java way.
        var r = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = r[0] == '-';
        var body = negative ? r.AsSpan(1) : r.AsSpan();
        var exponent = 0;
        var e = body.IndexOfAny('E', 'e');
        if (e >= 0)
        {
            exponent = int.Parse(body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            body = body[..e];
        }

        var digits = new StringBuilder(24);
        var dot = body.IndexOf('.');
        var intDigits = dot < 0 ? body.Length : dot;
        foreach (var c in body)
            if (c != '.') digits.Append(c);

        // Normalise to digits d1d2d3... with the decimal point after the first non-zero digit: value = 0.d1d2.. × 10^pointPos.
        var lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0') lead++;
        digits.Remove(0, lead);
        var pointPos = intDigits - lead + exponent; // digits before the decimal point
        while (digits.Length > 1 && digits[^1] == '0') digits.Length--;

        var sb = new StringBuilder(28);
        if (negative) sb.Append('-');
        var abs = Math.Abs(value);
        if (abs >= 1e-3 && abs < 1e7)
        {
            if (pointPos <= 0)
            {
                sb.Append("0.").Append('0', -pointPos).Append(digits);
            }
            else if (pointPos >= digits.Length)
            {
                sb.Append(digits).Append('0', pointPos - digits.Length).Append(".0");
            }
            else
            {
                sb.Append(digits, 0, pointPos).Append('.').Append(digits, pointPos, digits.Length - pointPos);
            }
        }
        else
        {
            sb.Append(digits[0]).Append('.');
            if (digits.Length > 1) sb.Append(digits, 1, digits.Length - 1);
            else sb.Append('0');
            sb.Append('E').Append((pointPos - 1).ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>A period start as reasons show it: dd/MM/yy HH:mm:ss in UTC.</summary>
    public static string FormatReasonTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("dd/MM/yy HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A time as reason data and history data show it: 2025-03-10T12:01:00.000+0000.</summary>
    public static string FormatDataTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);

    internal static string Plural(int count, string singular, string plural) => count == 1 ? singular : plural;

    internal static string WriteJson(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes a number the way <see cref="FormatNumber"/> does; JSON has no NaN or infinity, so those become null.</summary>
    internal static void WriteNumber(Utf8JsonWriter writer, double value)
    {
        if (!double.IsFinite(value)) writer.WriteNullValue();
        else writer.WriteRawValue(FormatNumber(value), skipInputValidation: true);
    }
}
