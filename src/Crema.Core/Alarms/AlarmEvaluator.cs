namespace Crema.Core.Alarms;

/// <summary>
/// Evaluates a metric alarm the way CloudWatch documents it ("How alarm state is evaluated when data is missing",
/// "Avoiding premature transitions to alarm state"), as a pure function of the definition, the current state, the
/// datapoints of the evaluation range and the time. The server queries the range (<see cref="EvaluationRange"/>),
/// calls <see cref="Evaluate(MetricAlarmDefinition, AlarmState, IReadOnlyList{AlarmDatapoint}, DateTimeOffset, DateTimeOffset, IReadOnlyList{AlarmBandPoint})"/>
/// and hands the result to <see cref="AlarmStateMachine"/>.
/// </summary>
/// <remarks>
/// The rules, with N = EvaluationPeriods, M = DatapointsToAlarm and the evaluation range R = N + 2 closed periods:
/// <list type="number">
/// <item>At least N real datapoints in the range: the N most recent real ones decide (ALARM when ≥ M breach, else
/// OK), reaching back past missing periods; treat-missing-data is not used.</item>
/// <item>No real datapoint: missing → INSUFFICIENT_DATA, ignore → keep the state, breaching → ALARM, notBreaching → OK.</item>
/// <item>Some but fewer than N: breaching/notBreaching evaluate every real datapoint plus the N − r most recent
/// missing ones filled as breaching/not breaching. missing/ignore evaluate the real ones alone: ALARM when ≥ M
/// breach, OK when one does not breach; when all breach but fewer than M, the premature-alarm rule gives ALARM
/// (missing) or keeps the state (ignore) if the oldest breaching one is at least M periods old; otherwise the
/// state is kept.</item>
/// </list>
/// </remarks>
public static class AlarmEvaluator
{
    /// <summary>
    /// How many periods beyond N the evaluation range reaches back. CloudWatch does not publish its rule; its only
    /// worked examples retrieve 5 datapoints for N = 3, so Crema always uses N + 2.
    /// </summary>
    public const int EvaluationRangeExtraPeriods = 2;

    /// <summary>The number of periods in the evaluation range: N + <see cref="EvaluationRangeExtraPeriods"/>.</summary>
    public static int EvaluationRangeLength(MetricAlarmDefinition definition) =>
        Math.Max(1, definition.EvaluationPeriods) + EvaluationRangeExtraPeriods;

    /// <summary>The end of the last closed period at <paramref name="now"/>, periods aligned to the Unix epoch (UTC).</summary>
    public static DateTimeOffset LastClosedPeriodEnd(DateTimeOffset now, int periodSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(periodSeconds, 1);
        var period = periodSeconds * TimeSpan.TicksPerSecond;
        var sinceEpoch = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var rem = sinceEpoch % period;
        if (rem < 0) rem += period;
        return new DateTimeOffset(now.UtcTicks - rem, TimeSpan.Zero);
    }

    /// <summary>The closed periods to query for an evaluation whose newest closed period ends at <paramref name="lastClosedPeriodEnd"/>.</summary>
    public static AlarmEvaluationRange EvaluationRange(MetricAlarmDefinition definition, DateTimeOffset lastClosedPeriodEnd)
    {
        var periods = EvaluationRangeLength(definition);
        var period = definition.PeriodSeconds;
        return new AlarmEvaluationRange(lastClosedPeriodEnd.AddSeconds(-(double)periods * period), lastClosedPeriodEnd, periods, period);
    }

    /// <summary>Evaluates with datapoints given as (PeriodStart, Value) tuples and an optional parallel band list.</summary>
    public static AlarmEvaluation Evaluate(
        MetricAlarmDefinition definition,
        AlarmState currentState,
        IReadOnlyList<(DateTimeOffset PeriodStart, double? Value)> datapoints,
        DateTimeOffset lastClosedPeriodEnd,
        DateTimeOffset now,
        IReadOnlyList<(double? Lower, double? Upper)>? bands = null)
    {
        ArgumentNullException.ThrowIfNull(datapoints);
        var points = new AlarmDatapoint[datapoints.Count];
        for (var i = 0; i < points.Length; i++) points[i] = new AlarmDatapoint(datapoints[i].PeriodStart, datapoints[i].Value);
        AlarmBandPoint[]? bandPoints = null;
        if (bands is not null)
        {
            bandPoints = new AlarmBandPoint[bands.Count];
            for (var i = 0; i < bandPoints.Length; i++) bandPoints[i] = new AlarmBandPoint(bands[i].Lower, bands[i].Upper);
        }

        return Evaluate(definition, currentState, points, lastClosedPeriodEnd, now, bandPoints);
    }

    /// <summary>
    /// Evaluates the alarm. <paramref name="datapoints"/> are the series' datapoints (oldest first is usual but not
    /// required; periods without an entry are missing). A datapoint whose period ends after
    /// <paramref name="lastClosedPeriodEnd"/> is a partial period and is left out; one older than the evaluation
    /// range is ignored. <paramref name="bands"/> runs parallel to <paramref name="datapoints"/> and is required
    /// for band operators. <paramref name="now"/> is the query date of the reason data.
    /// </summary>
    public static AlarmEvaluation Evaluate(
        MetricAlarmDefinition definition,
        AlarmState currentState,
        IReadOnlyList<AlarmDatapoint> datapoints,
        DateTimeOffset lastClosedPeriodEnd,
        DateTimeOffset now,
        IReadOnlyList<AlarmBandPoint>? bands = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(datapoints);
        var n = definition.EvaluationPeriods;
        var periodSeconds = definition.PeriodSeconds;
        if (n < 1 || periodSeconds < 1)
            throw new ArgumentException("EvaluationPeriods and the period must be positive: validate the definition first", nameof(definition));
        var op = definition.ComparisonOperator;
        var band = op.IsBandOperator();
        if (band && (bands is null || bands.Count != datapoints.Count))
            throw new ArgumentException("a band operator needs one band point per datapoint", nameof(bands));
        if (!band && definition.Threshold is null)
            throw new ArgumentException("a static operator needs a threshold: validate the definition first", nameof(definition));

        var m = Math.Clamp(definition.EffectiveDatapointsToAlarm, 1, n);
        var range = EvaluationRange(definition, lastClosedPeriodEnd);
        var slots = Place(definition, datapoints, bands, range);
        var ctx = new Context(definition, currentState, slots, range, now, n, m);
        return LowSampleCount(ctx) ?? Decide(ctx);
    }

    private static Slot[] Place(MetricAlarmDefinition def, IReadOnlyList<AlarmDatapoint> datapoints, IReadOnlyList<AlarmBandPoint>? bands, AlarmEvaluationRange range)
    {
        var slots = new Slot[range.Periods];
        var periodTicks = range.PeriodSeconds * TimeSpan.TicksPerSecond;
        for (var j = 0; j < slots.Length; j++) slots[j].Start = range.Start.AddTicks(j * periodTicks);
        var op = def.ComparisonOperator;
        for (var i = 0; i < datapoints.Count; i++)
        {
            var dp = datapoints[i];
            if (dp.Value is not { } value || double.IsNaN(value)) continue;

            // A period still open at the last closed period end is partial: its statistic would change, so leave it out.
            if (dp.PeriodStart.UtcTicks + periodTicks > range.End.UtcTicks) continue;
            var offset = dp.PeriodStart.UtcTicks - range.Start.UtcTicks;
            if (offset < 0) continue;
            var j = (int)(offset / periodTicks);

            bool breaching;
            double? lower = null, upper = null;
            if (op.IsBandOperator())
            {
                var b = bands![i];
                if (op.BreachesBand(value, b.Lower, b.Upper) is not { } hit) continue;
                breaching = hit;
                lower = b.Lower;
                upper = b.Upper;
            }
            else
            {
                breaching = op.Breaches(value, def.Threshold!.Value);
            }

            // Two entries for one period (misaligned input): the later entry wins, as a re-query would return it.
            slots[j].Present = true;
            slots[j].Value = value;
            slots[j].SampleCount = dp.SampleCount;
            slots[j].Breaching = breaching;
            slots[j].Lower = lower;
            slots[j].Upper = upper;
        }

        return slots;
    }

    private static AlarmEvaluation Decide(Context c)
    {
        var slots = c.Slots;
        var real = 0;
        foreach (var s in slots)
            if (s.Present) real++;

        var treat = c.Definition.TreatMissingData;
        if (real >= c.N)
        {
            // Rule 1: the N most recent real datapoints, reaching back past missing ones.
            var evaluated = NewestIndexes(slots, c.N, present: true);
            var breaching = CountBreaching(slots, evaluated);
            return Threshold(c, AlarmDecision.RealDatapoints, evaluated, [], breaching >= c.M ? AlarmState.Alarm : AlarmState.Ok, breaching, fillBreaching: false);
        }

        if (real == 0)
        {
            switch (treat)
            {
                case TreatMissingData.Breaching:
                case TreatMissingData.NotBreaching:
                    var filled = NewestIndexes(slots, c.N, present: false);
                    var state = treat == TreatMissingData.Breaching ? AlarmState.Alarm : AlarmState.Ok;
                    return Threshold(c, AlarmDecision.FilledMissingData, [], filled, state, state == AlarmState.Alarm ? c.N : 0, fillBreaching: treat == TreatMissingData.Breaching);
                case TreatMissingData.Ignore:
                    return Result(c, c.Current, AlarmDecision.StateKept,
                        $"Unchanged: no datapoints were received for {c.N} {AlarmText.Plural(c.N, "period", "periods")} and missing data is ignored, so the alarm stays {c.Current.ToName()}.",
                        [], [], 0);
                default:
                    return Result(c, AlarmState.InsufficientData, AlarmDecision.AllMissing,
                        $"Insufficient Data: {c.N} {AlarmText.Plural(c.N, "datapoint was", "datapoints were")} unknown.",
                        [], [], 0);
            }
        }

        // Rule 3: fewer than N real datapoints; every real one in the range is evaluated.
        var realIndexes = NewestIndexes(slots, real, present: true);
        var realBreaching = CountBreaching(slots, realIndexes);
        if (treat is TreatMissingData.Breaching or TreatMissingData.NotBreaching)
        {
            // "CloudWatch uses missing data points only as few times as possible": the N − r most recent missing ones.
            var filled = NewestIndexes(slots, c.N - real, present: false);
            var fillBreaching = treat == TreatMissingData.Breaching;
            var breaching = realBreaching + (fillBreaching ? filled.Length : 0);
            return Threshold(c, AlarmDecision.FilledMissingData, realIndexes, filled, breaching >= c.M ? AlarmState.Alarm : AlarmState.Ok, breaching, fillBreaching);
        }

        if (realBreaching >= c.M)
            return Threshold(c, AlarmDecision.PartialRealDatapoints, realIndexes, [], AlarmState.Alarm, realBreaching, fillBreaching: false);
        if (realBreaching < real)
            return Threshold(c, AlarmDecision.PartialRealDatapoints, realIndexes, [], AlarmState.Ok, realBreaching, fillBreaching: false);

        // Every real datapoint breaches but fewer than M do. The premature-alarm rule: ALARM once the oldest breaching
        // datapoint is at least M periods old and everything newer is breaching or missing (true here: all real ones
        // breach). Ages count the newest period as 1.
        var oldestAge = slots.Length - realIndexes[^1];
        var premature = oldestAge >= c.M;
        if (premature && treat == TreatMissingData.Missing)
            return Threshold(c, AlarmDecision.PrematureAlarmRule, realIndexes, [], AlarmState.Alarm, realBreaching, fillBreaching: false);

        var why = treat == TreatMissingData.Ignore ? "missing data is ignored" : "too few datapoints are known to decide";
        var text = $"Unchanged: {CrossedClause(c, realIndexes, realBreaching, real, negate: false)} (minimum {c.M} {AlarmText.Plural(c.M, "datapoint", "datapoints")} for OK -> ALARM transition); {c.N - real} of the last {c.N} {AlarmText.Plural(c.N, "datapoint is", "datapoints are")} missing and {why}, so the alarm stays {c.Current.ToName()}.";
        return Result(c, c.Current, AlarmDecision.StateKept, text, realIndexes, [], realBreaching);
    }

    /// <summary>
    /// EvaluateLowSampleCountPercentile "ignore": while the newest real datapoint of the range has fewer samples than the
    /// percentile needs (10/(1−p) for p ≥ 0.5, 10/p below), the state does not change. A datapoint whose sample count is
    /// unknown is evaluated.
    /// </summary>
    private static AlarmEvaluation? LowSampleCount(Context c)
    {
        if (c.Definition.EvaluateLowSampleCountPercentile != LowSampleCountPercentile.Ignore) return null;
        var needed = LowSampleCountPercentileRules.MinimumSamples(c.Definition.Statistic);
        if (needed <= 0) return null;
        var newest = NewestIndexes(c.Slots, 1, present: true);
        if (newest.Length == 0 || c.Slots[newest[0]].SampleCount is not { } samples || samples >= needed) return null;
        var text = $"Unchanged: the newest datapoint {List(c, newest)} has {samples.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} {(samples == 1 ? "sample" : "samples")}, " +
                   $"fewer than the {Math.Ceiling(needed):0} a {c.Definition.Statistic} needs to be statistically significant, and EvaluateLowSampleCountPercentile is ignore, so the alarm stays {c.Current.ToName()}.";
        return Result(c, c.Current, AlarmDecision.LowSampleCount, text, newest, [], c.Slots[newest[0]].Breaching ? 1 : 0);
    }

    /// <summary>Builds the "Threshold Crossed: k out of the last n datapoints [...] were … (minimum …)" outcome.</summary>
    private static AlarmEvaluation Threshold(Context c, AlarmDecision decision, int[] realIndexes, int[] filled, AlarmState state, int breaching, bool fillBreaching)
    {
        var evaluatedCount = realIndexes.Length + filled.Length;
        var negate = state == AlarmState.Ok;
        var prefix = c.Definition.ComparisonOperator.IsBandOperator() ? "Thresholds Crossed" : "Threshold Crossed";
        string text;
        if (realIndexes.Length == 0)
        {
            text = $"{prefix}: no datapoints were received for {filled.Length} {AlarmText.Plural(filled.Length, "period", "periods")} and {filled.Length} missing {AlarmText.Plural(filled.Length, "datapoint was", "datapoints were")} treated as [{(fillBreaching ? "Breaching" : "NonBreaching")}].";
        }
        else
        {
            // The listed datapoints are those that agree with the new state: breaching ones for ALARM, the others for OK.
            var listed = new List<int>(realIndexes.Length);
            foreach (var i in realIndexes)
                if (c.Slots[i].Breaching != negate) listed.Add(i);
            var filledAgreeing = fillBreaching != negate ? filled.Length : 0;
            var count = listed.Count + filledAgreeing;
            if (c.N == 1 && evaluatedCount == 1 && filled.Length == 0)
            {
                text = $"{prefix}: 1 datapoint {List(c, listed)} was {Comparison(c, listed, negate)}.";
            }
            else
            {
                text = $"{prefix}: {CrossedClause(c, listed, count, evaluatedCount, negate)}";
                if (filled.Length > 0)
                    text += $" ({filled.Length} missing {AlarmText.Plural(filled.Length, "datapoint", "datapoints")} treated as [{(fillBreaching ? "Breaching" : "NonBreaching")}])";
                text += state == AlarmState.Alarm
                    ? $" (minimum {c.M} {AlarmText.Plural(c.M, "datapoint", "datapoints")} for OK -> ALARM transition)."
                    : $" (minimum {c.N - c.M + 1} {AlarmText.Plural(c.N - c.M + 1, "datapoint", "datapoints")} for ALARM -> OK transition).";
            }
        }

        return Result(c, state, decision, text, realIndexes, filled, breaching);
    }

    private static string CrossedClause(Context c, IReadOnlyList<int> listed, int count, int outOf, bool negate) =>
        $"{count} out of the last {outOf} datapoints {List(c, listed)} {(count == 1 ? "was" : "were")} {Comparison(c, listed, negate)}";

    private static string List(Context c, IReadOnlyList<int> indexes)
    {
        var parts = new string[indexes.Count];
        for (var k = 0; k < parts.Length; k++)
        {
            var s = c.Slots[indexes[k]];
            parts[k] = $"{AlarmText.FormatNumber(s.Value)} ({AlarmText.FormatReasonTime(s.Start)})";
        }

        return "[" + string.Join(", ", parts) + "]";
    }

    private static string Comparison(Context c, IReadOnlyList<int> listed, bool negate)
    {
        var not = negate ? "not " : "";
        var op = c.Definition.ComparisonOperator;
        return op switch
        {
            ComparisonOperator.LessThanLowerThreshold => $"{not}less than the lower thresholds {Bands(c, listed, lower: true)}",
            ComparisonOperator.GreaterThanUpperThreshold => $"{not}greater than the upper thresholds {Bands(c, listed, lower: false)}",
            ComparisonOperator.LessThanLowerOrGreaterThanUpperThreshold =>
                $"{not}less than the lower thresholds {Bands(c, listed, lower: true)} or greater than the upper thresholds {Bands(c, listed, lower: false)}",
            _ => $"{not}{op.Phrase()} the threshold ({AlarmText.FormatNumber(c.Definition.Threshold!.Value)})",
        };
    }

    private static string Bands(Context c, IReadOnlyList<int> indexes, bool lower)
    {
        var parts = new string[indexes.Count];
        for (var k = 0; k < parts.Length; k++)
        {
            var s = c.Slots[indexes[k]];
            var v = lower ? s.Lower : s.Upper;
            parts[k] = v is { } x ? AlarmText.FormatNumber(x) : "null";
        }

        return "[" + string.Join(", ", parts) + "]";
    }

    private static AlarmEvaluation Result(Context c, AlarmState state, AlarmDecision decision, string reason, int[] realIndexes, int[] filled, int breaching)
    {
        var slots = c.Slots;
        var band = c.Definition.ComparisonOperator.IsBandOperator();

        // recentDatapoints oldest first; realIndexes come newest first.
        var recent = new double[realIndexes.Length];
        var lowers = band ? new double?[realIndexes.Length] : null;
        var uppers = band ? new double?[realIndexes.Length] : null;
        for (var k = 0; k < realIndexes.Length; k++)
        {
            var s = slots[realIndexes[realIndexes.Length - 1 - k]];
            recent[k] = s.Value;
            if (lowers is not null) lowers[k] = s.Lower;
            if (uppers is not null) uppers[k] = s.Upper;
        }

        var evaluated = new List<AlarmEvaluatedDatapoint>(realIndexes.Length + filled.Length);
        var oldest = int.MaxValue;
        for (var j = slots.Length - 1; j >= 0; j--)
        {
            if (Array.IndexOf(realIndexes, j) >= 0)
                evaluated.Add(new AlarmEvaluatedDatapoint(slots[j].Start, slots[j].Value, slots[j].SampleCount));
            else if (Array.IndexOf(filled, j) >= 0)
                evaluated.Add(new AlarmEvaluatedDatapoint(slots[j].Start, null));
            else
                continue;
            oldest = j;
        }

        // With nothing evaluated, the window is the last N periods of the range.
        var start = oldest == int.MaxValue ? slots[slots.Length - c.N].Start : slots[oldest].Start;
        var data = new AlarmReasonData(
            "1.0", c.Now, start, c.Definition.Statistic, c.Range.PeriodSeconds, recent,
            band ? null : c.Definition.Threshold, evaluated, lowers, uppers);
        return new AlarmEvaluation(state, c.Current, reason, data, decision, breaching, realIndexes.Length + filled.Length, filled.Length);
    }

    /// <summary>Indexes of up to <paramref name="count"/> slots, newest first, that are present (or missing).</summary>
    private static int[] NewestIndexes(Slot[] slots, int count, bool present)
    {
        var result = new List<int>(count);
        for (var j = slots.Length - 1; j >= 0 && result.Count < count; j--)
            if (slots[j].Present == present) result.Add(j);
        return [.. result];
    }

    private static int CountBreaching(Slot[] slots, int[] indexes)
    {
        var count = 0;
        foreach (var i in indexes)
            if (slots[i].Breaching) count++;
        return count;
    }

    private struct Slot
    {
        public DateTimeOffset Start;
        public bool Present;
        public double Value;
        public double? SampleCount;
        public bool Breaching;
        public double? Lower;
        public double? Upper;
    }

    private sealed record Context(MetricAlarmDefinition Definition, AlarmState Current, Slot[] Slots, AlarmEvaluationRange Range, DateTimeOffset Now, int N, int M);
}
