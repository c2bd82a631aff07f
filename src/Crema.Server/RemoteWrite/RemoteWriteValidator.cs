using System.Globalization;

namespace Crema.Server.RemoteWrite;

/// <summary>
/// Applies the receiver rules to each decoded series and sorts the series into stored and
/// refused, so that one bad series does not cost the good ones of the same request. A
/// refused series gets one message naming the series and the first rule it breaks.
/// Validation normalises each series in place: labels are sorted by name (ordinal, as
/// Prometheus sorts) and labels with an empty value are dropped (Prometheus treats an empty
/// value as an absent label). NaN values, the staleness marker and ±Inf are data, not errors.
/// A sample outside the accepted time window refuses its whole series: partial series would
/// make the sender's view and ours diverge silently, and the sender drops the batch on 400
/// anyway. Series without float samples (only exemplars or histograms) are neither stored
/// nor refused.
/// </summary>
public static class RemoteWriteValidator
{
    /// <summary>The label that carries the metric name.</summary>
    public const string MetricNameLabel = "__name__";

    /// <summary>The bit pattern of Prometheus' staleness marker, a NaN that means "this series ended".</summary>
    public const ulong StaleNaNBits = 0x7ff0000000000002UL;

    private const string LabelNamePattern = "[a-zA-Z_][a-zA-Z0-9_]*";
    private const string MetricNamePattern = "[a-zA-Z_:][a-zA-Z0-9_:]*";

    /// <summary>
    /// Validates every series of <paramref name="batch"/> against <paramref name="limits"/> at
    /// <paramref name="nowMs"/> (Unix milliseconds). Appends the indexes of series to store to
    /// <paramref name="validSeriesIndexes"/> and one message per refused series to
    /// <paramref name="errors"/>; returns the number of refused series.
    /// </summary>
    public static int Validate(WriteRequestBatch batch, long nowMs, RemoteWriteLimits limits, List<int> validSeriesIndexes, List<string> errors)
    {
        var minTs = SaturatingAdd(nowMs, -(long)limits.MaxSampleAge.TotalMilliseconds);
        var maxTs = SaturatingAdd(nowMs, (long)limits.MaxSampleFuture.TotalMilliseconds);
        var refused = 0;
        for (var i = 0; i < batch.SeriesCount; i++)
        {
            if (batch.Slot(i).SampleCount == 0)
            {
                continue;
            }

            var error = CheckSeries(batch, i, minTs, maxTs, limits);
            if (error is null)
            {
                validSeriesIndexes.Add(i);
            }
            else
            {
                errors.Add(error);
                refused++;
            }
        }

        return refused;
    }

    /// <summary>Whether <paramref name="name"/> matches <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
    public static bool IsValidLabelName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="name"/> matches <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    public static bool IsValidMetricName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == ':'))
            {
                return false;
            }
        }

        return true;
    }

    private static string? CheckSeries(WriteRequestBatch batch, int index, long minTs, long maxTs, RemoteWriteLimits limits)
    {
        ref readonly var slot = ref batch.Slot(index);
        if (slot.InvalidUtf8Label >= 0)
        {
            // Reported before normalising, while the index still points at the label as sent.
            var bad = batch.LabelSpan(index)[slot.InvalidUtf8Label];
            var rule = slot.InvalidUtf8InName
                ? $"label name {SeriesFormatter.Quote(bad.Name)} is not valid UTF-8"
                : $"label {SeriesFormatter.Quote(bad.Name)} value is not valid UTF-8";
            return Refuse(batch, index, rule);
        }

        Normalise(batch, index);
        var labels = batch.LabelSpan(index);
        string? metricName = null;
        var others = 0;
        for (var j = 0; j < labels.Length; j++)
        {
            var label = labels[j];
            if (j > 0 && labels[j - 1].Name == label.Name)
            {
                return Refuse(batch, index, $"duplicate label name {SeriesFormatter.Quote(label.Name)}");
            }

            if (label.Name.Length > limits.MaxLabelNameLength)
            {
                return Refuse(batch, index, $"label name {SeriesFormatter.Quote(label.Name)} is {label.Name.Length} characters long, more than the limit of {limits.MaxLabelNameLength}");
            }

            if (!IsValidLabelName(label.Name))
            {
                return Refuse(batch, index, $"label name {SeriesFormatter.Quote(label.Name)} does not match {LabelNamePattern}");
            }

            if (label.Value.Length > limits.MaxLabelValueLength)
            {
                return Refuse(batch, index, $"label {SeriesFormatter.Quote(label.Name)} value is {label.Value.Length} characters long, more than the limit of {limits.MaxLabelValueLength}");
            }

            if (label.Name == MetricNameLabel)
            {
                metricName = label.Value;
            }
            else
            {
                others++;
            }
        }

        if (metricName is null)
        {
            return Refuse(batch, index, $"label {MetricNameLabel} is missing");
        }

        if (metricName.Length == 0)
        {
            return Refuse(batch, index, $"label {MetricNameLabel} is empty");
        }

        if (!IsValidMetricName(metricName))
        {
            return Refuse(batch, index, $"metric name {SeriesFormatter.Quote(metricName)} does not match {MetricNamePattern}");
        }

        if (others > limits.MaxLabelsBesideName)
        {
            return Refuse(batch, index, $"{others} labels besides {MetricNameLabel}, more than the limit of {limits.MaxLabelsBesideName}");
        }

        return CheckTimestamps(batch, index, minTs, maxTs, limits);
    }

    private static string? CheckTimestamps(WriteRequestBatch batch, int index, long minTs, long maxTs, RemoteWriteLimits limits)
    {
        var timestamps = batch.TimestampSpan(index);
        var outside = 0;
        var first = 0L;
        foreach (var ts in timestamps)
        {
            if (ts < minTs || ts > maxTs)
            {
                if (outside == 0)
                {
                    first = ts;
                }

                outside++;
            }
        }

        if (outside == 0)
        {
            return null;
        }

        var which = first < minTs
            ? $"more than {Describe(limits.MaxSampleAge)} old"
            : $"more than {Describe(limits.MaxSampleFuture)} ahead";
        return Refuse(batch, index,
            $"{outside} of {timestamps.Length} samples outside the accepted window [{FormatTime(minTs)}, {FormatTime(maxTs)}], "
            + $"the first at {FormatTime(first)} is {which}; the whole series is refused");
    }

    /// <summary>Sorts the labels by name and drops labels with an empty value, in place.</summary>
    private static void Normalise(WriteRequestBatch batch, int index)
    {
        var labels = batch.MutableLabelSpan(index);

        // Insertion sort: senders almost always send sorted labels, which makes this one pass.
        for (var i = 1; i < labels.Length; i++)
        {
            var current = labels[i];
            var j = i - 1;
            while (j >= 0 && string.CompareOrdinal(labels[j].Name, current.Name) > 0)
            {
                labels[j + 1] = labels[j];
                j--;
            }

            labels[j + 1] = current;
        }

        var kept = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i].Value.Length != 0 || labels[i].Name == MetricNameLabel)
            {
                labels[kept++] = labels[i];
            }
        }

        if (kept != labels.Length)
        {
            batch.SetLabelCount(index, kept);
        }
    }

    private static string Refuse(WriteRequestBatch batch, int index, string rule)
        => SeriesFormatter.Format(batch.LabelSpan(index)) + ": " + rule;

    private static string FormatTime(long ms)
    {
        const long MinMs = -62_135_596_800_000L;
        const long MaxMs = 253_402_300_799_999L;
        if (ms < MinMs || ms > MaxMs)
        {
            return ms.ToString(CultureInfo.InvariantCulture) + " ms";
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    private static string Describe(TimeSpan span)
    {
        if (span.Ticks % TimeSpan.TicksPerDay == 0 && span.Days > 0)
        {
            return span.Days == 1 ? "1 day" : $"{span.Days} days";
        }

        if (span.Ticks % TimeSpan.TicksPerHour == 0 && span.TotalHours >= 1)
        {
            return span.TotalHours == 1 ? "1 hour" : $"{(long)span.TotalHours} hours";
        }

        return span.ToString("c", CultureInfo.InvariantCulture);
    }

    private static long SaturatingAdd(long a, long b)
    {
        var sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0)
        {
            return b > 0 ? long.MaxValue : long.MinValue;
        }

        return sum;
    }
}
