using Crema.Core.Metrics;

namespace Crema.Core.Alarms;

/// <summary>
/// Checks a <see cref="MetricAlarmDefinition"/> against PutMetricAlarm's rules. Errors are keyed by the
/// PutMetricAlarm parameter name (AlarmName, Period, Metrics[1].Id, …) and each message names the field and the rule.
/// </summary>
public static partial class MetricAlarmValidation
{
    /// <summary>All problems found, keyed by field; empty when the definition is valid.</summary>
    public static IReadOnlyDictionary<string, string[]> Validate(MetricAlarmDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new Errors();
        ValidateName(definition.Name, errors);
        if (definition.Description is { Length: > MetricAlarmLimits.MaxDescriptionLength } d)
            errors.Add("AlarmDescription", $"AlarmDescription must be at most {MetricAlarmLimits.MaxDescriptionLength} characters (it is {d.Length}).");

        ValidateCounts(definition, errors);
        ValidateSource(definition, errors);
        ValidateThreshold(definition, errors);
        if (!Enum.IsDefined(definition.TreatMissingData))
            errors.Add("TreatMissingData", "TreatMissingData must be one of missing, notBreaching, breaching, ignore.");
        ValidateLowSampleCount(definition, errors);
        ValidateActions("AlarmActions", definition.AlarmActions, errors);
        ValidateActions("OKActions", definition.OkActions, errors);
        ValidateActions("InsufficientDataActions", definition.InsufficientDataActions, errors);
        return errors.ToDictionary();
    }

    /// <summary>True when <paramref name="seconds"/> is a period an alarm may use: 10, 20, 30 or a positive multiple of 60.</summary>
    public static bool IsValidPeriod(int seconds) => seconds is 10 or 20 or 30 || (seconds >= 60 && seconds % 60 == 0);

    private static void ValidateName(string? name, Errors errors)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Add("AlarmName", "AlarmName is required (1 to 255 characters).");
            return;
        }

        if (name.Length > MetricAlarmLimits.MaxNameLength)
            errors.Add("AlarmName", $"AlarmName must be at most {MetricAlarmLimits.MaxNameLength} characters (it is {name.Length}).");
        foreach (var c in name)
        {
            if (char.IsControl(c))
            {
                errors.Add("AlarmName", "AlarmName must not contain control characters.");
                break;
            }
        }
    }

    private static void ValidateCounts(MetricAlarmDefinition def, Errors errors)
    {
        var n = def.EvaluationPeriods;
        if (n < 1) errors.Add("EvaluationPeriods", $"EvaluationPeriods must be at least 1 (it is {n}).");
        if (def.DatapointsToAlarm is { } m)
        {
            if (m < 1) errors.Add("DatapointsToAlarm", $"DatapointsToAlarm must be at least 1 (it is {m}).");
            else if (n >= 1 && m > n) errors.Add("DatapointsToAlarm", $"DatapointsToAlarm ({m}) must not exceed EvaluationPeriods ({n}).");
        }

        var period = def.PeriodSeconds;
        if (n >= 1 && IsValidPeriod(period))
        {
            var total = (long)period * n;
            var limit = period < 3600 ? MetricAlarmLimits.MaxEvaluationSecondsShortPeriod : MetricAlarmLimits.MaxEvaluationSecondsLongPeriod;
            if (total > limit)
            {
                var rule = period < 3600 ? "one day (86400 s) when the period is under an hour" : "seven days (604800 s)";
                errors.Add("EvaluationPeriods", $"Period × EvaluationPeriods must be at most {rule}; {period} × {n} = {total} s.");
            }
        }
    }

    private static void ValidateSource(MetricAlarmDefinition def, Errors errors)
    {
        switch (def.Source)
        {
            case null:
                errors.Add("Metrics", "Either a metric (Namespace, MetricName, Statistic, Period) or Metrics queries are required.");
                break;
            case MetricStatSource single:
                if (single.Stat is null) errors.Add("MetricName", "MetricName is required.");
                else ValidateStat(single.Stat, "", errors);
                if (def.ComparisonOperator.IsBandOperator())
                    errors.Add("ComparisonOperator", $"{def.ComparisonOperator} compares with an anomaly band: use Metrics with an ANOMALY_DETECTION_BAND expression and ThresholdMetricId.");
                break;
            case MetricQuerySource queries:
                ValidateQueries(def, queries, errors);
                break;
        }
    }

    private static void ValidateStat(AlarmMetricStat stat, string prefix, Errors errors)
    {
        ValidateLength(prefix + "Namespace", stat.Namespace, MetricLimits.MaxNameLength, errors);
        if (stat.Namespace is { } ns && ns.Contains(':', StringComparison.Ordinal))
            errors.Add(prefix + "Namespace", "Namespace must not contain ':'.");
        ValidateLength(prefix + "MetricName", stat.MetricName, MetricLimits.MaxNameLength, errors);
        var dims = stat.Dimensions ?? [];
        if (dims.Count > MetricAlarmLimits.MaxDimensions)
            errors.Add(prefix + "Dimensions", $"Dimensions must hold at most {MetricAlarmLimits.MaxDimensions} entries (it holds {dims.Count}).");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < dims.Count; i++)
        {
            var field = $"{prefix}Dimensions[{i}]";
            ValidateLength(field + ".Name", dims[i].Name, MetricAlarmLimits.MaxDimensionNameLength, errors);
            ValidateLength(field + ".Value", dims[i].Value, MetricAlarmLimits.MaxDimensionValueLength, errors);
            if (!string.IsNullOrEmpty(dims[i].Name) && !seen.Add(dims[i].Name))
                errors.Add(field + ".Name", $"{field}.Name \"{dims[i].Name}\" appears more than once.");
        }

        if (!Statistics.Statistic.TryParse(stat.Statistic, out _, out var statError))
            errors.Add(prefix + "Statistic", "Statistic " + statError + ".");
        if (!IsValidPeriod(stat.PeriodSeconds))
            errors.Add(prefix + "Period", $"{prefix}Period must be 10, 20, 30 or a multiple of 60 seconds (it is {stat.PeriodSeconds}).");
        if (stat.Unit is { } unit && !MetricUnits.All.Contains(unit))
            errors.Add(prefix + "Unit", $"{prefix}Unit \"{unit}\" is not a CloudWatch unit (Seconds, Count, Percent, Bytes, …, None).");
    }

    private static void ValidateQueries(MetricAlarmDefinition def, MetricQuerySource source, Errors errors)
    {
        var queries = source.Queries ?? [];
        if (queries.Count == 0)
        {
            errors.Add("Metrics", "Metrics must hold at least one query.");
            return;
        }

        if (queries.Count > MetricAlarmLimits.MaxQueries)
            errors.Add("Metrics", $"Metrics must hold at most {MetricAlarmLimits.MaxQueries} queries (it holds {queries.Count}).");

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var returned = 0;
        int? metricPeriod = null;
        for (var i = 0; i < queries.Count; i++)
        {
            var field = $"Metrics[{i}]";
            var q = queries[i];
            if (q is null)
            {
                errors.Add(field, $"{field} must not be null.");
                continue;
            }

            if (!IsValidId(q.Id))
                errors.Add(field + ".Id", $"{field}.Id \"{q.Id}\" must start with a lower-case letter and hold only letters, digits and underscores (at most {MetricAlarmLimits.MaxIdLength}).");
            else if (!ids.Add(q.Id))
                errors.Add(field + ".Id", $"{field}.Id \"{q.Id}\" is used by another query.");

            if ((q.MetricStat is null) == (q.Expression is null))
                errors.Add(field, $"{field} must have exactly one of MetricStat and Expression.");
            if (q.MetricStat is { } stat)
            {
                ValidateStat(stat, field + ".MetricStat.", errors);
                if (IsValidPeriod(stat.PeriodSeconds))
                {
                    // One alarm compares one series per period, so every metric it reads must share the period.
                    metricPeriod ??= stat.PeriodSeconds;
                    if (metricPeriod != stat.PeriodSeconds)
                        errors.Add(field + ".MetricStat.Period", $"{field}.MetricStat.Period ({stat.PeriodSeconds}) must equal the other metrics' period ({metricPeriod}).");
                }
            }

            if (q.Expression is { } expr && (expr.Length == 0 || expr.Length > MetricAlarmLimits.MaxExpressionLength))
                errors.Add(field + ".Expression", $"{field}.Expression must be 1 to {MetricAlarmLimits.MaxExpressionLength} characters.");
            if (q.PeriodSeconds is { } p && !IsValidPeriod(p))
                errors.Add(field + ".Period", $"{field}.Period must be 10, 20, 30 or a multiple of 60 seconds (it is {p}).");
            if (q.ReturnData && !string.Equals(q.Id, def.ThresholdMetricId, StringComparison.Ordinal)) returned++;
        }

        if (returned != 1)
            errors.Add("Metrics", $"Exactly one query (other than the ThresholdMetricId band) must have ReturnData set; {returned} do.");
        ValidateExpressions(def, queries, errors);
    }

    private static void ValidateThreshold(MetricAlarmDefinition def, Errors errors)
    {
        var op = def.ComparisonOperator;
        if (!Enum.IsDefined(op))
        {
            errors.Add("ComparisonOperator", "ComparisonOperator must be one of GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold, LessThanLowerOrGreaterThanUpperThreshold, LessThanLowerThreshold, GreaterThanUpperThreshold.");
            return;
        }

        if (op.IsBandOperator())
        {
            if (def.Threshold is not null)
                errors.Add("Threshold", $"Threshold must not be set with {op}: the band named by ThresholdMetricId is the threshold.");
            if (string.IsNullOrEmpty(def.ThresholdMetricId))
            {
                errors.Add("ThresholdMetricId", $"ThresholdMetricId is required with {op}.");
            }
            else if (def.Source is MetricQuerySource q)
            {
                AlarmMetricQuery? bandQuery = null;
                foreach (var query in q.Queries ?? [])
                    if (query is not null && string.Equals(query.Id, def.ThresholdMetricId, StringComparison.Ordinal)) bandQuery = query;
                if (bandQuery is null)
                    errors.Add("ThresholdMetricId", $"ThresholdMetricId \"{def.ThresholdMetricId}\" names no query in Metrics.");
                else if (bandQuery.Expression is null)
                    errors.Add("ThresholdMetricId", $"ThresholdMetricId \"{def.ThresholdMetricId}\" must name an expression query (the anomaly band), not a metric.");
            }

            return;
        }

        if (def.ThresholdMetricId is not null)
            errors.Add("ThresholdMetricId", $"ThresholdMetricId is only for the band operators, not {op}.");
        if (def.Threshold is not { } t)
            errors.Add("Threshold", $"Threshold is required with {op}.");
        else if (!double.IsFinite(t))
            errors.Add("Threshold", "Threshold must be a finite number.");
    }

    private static void ValidateLowSampleCount(MetricAlarmDefinition def, Errors errors)
    {
        if (!Enum.IsDefined(def.EvaluateLowSampleCountPercentile))
        {
            errors.Add("EvaluateLowSampleCountPercentile", "EvaluateLowSampleCountPercentile must be evaluate or ignore.");
            return;
        }

        // "ignore" needs the sample count of a percentile; on any other statistic it would silently do nothing.
        if (def.EvaluateLowSampleCountPercentile == LowSampleCountPercentile.Ignore
            && !(Statistics.Statistic.TryParse(def.Statistic, out var stat, out _) && stat.Kind == Statistics.StatisticKind.Percentile))
        {
            errors.Add("EvaluateLowSampleCountPercentile",
                $"EvaluateLowSampleCountPercentile \"ignore\" is only for alarms whose compared statistic is a percentile such as p90 (it is {def.Statistic ?? "an expression"}).");
        }
    }

    private static void ValidateActions(string field, IReadOnlyList<string>? actions, Errors errors)
    {
        if (actions is null) return;
        if (actions.Count > MetricAlarmLimits.MaxActionsPerState)
            errors.Add(field, $"{field} must hold at most {MetricAlarmLimits.MaxActionsPerState} actions (it holds {actions.Count}).");
        for (var i = 0; i < actions.Count; i++)
            ValidateLength($"{field}[{i}]", actions[i], MetricAlarmLimits.MaxActionLength, errors);
    }

    private static void ValidateLength(string field, string? value, int max, Errors errors)
    {
        if (string.IsNullOrEmpty(value)) errors.Add(field, $"{field} is required (1 to {max} characters).");
        else if (value.Length > max) errors.Add(field, $"{field} must be at most {max} characters (it is {value.Length}).");
    }

    private static bool IsValidId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MetricAlarmLimits.MaxIdLength || id[0] is < 'a' or > 'z') return false;
        foreach (var c in id)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        return true;
    }

    private sealed class Errors
    {
        private readonly Dictionary<string, List<string>> _byField = new(StringComparer.Ordinal);

        public void Add(string field, string message)
        {
            if (!_byField.TryGetValue(field, out var list)) _byField[field] = list = [];
            list.Add(message);
        }

        public IReadOnlyDictionary<string, string[]> ToDictionary()
        {
            var result = new Dictionary<string, string[]>(_byField.Count, StringComparer.Ordinal);
            foreach (var (field, list) in _byField) result[field] = [.. list];
            return result;
        }
    }
}
