using Crema.Core.Alarms;

namespace Crema.Core.Tests.Alarms;

/// <summary>
/// A deliberately naive reading of AWS's rules, written apart from the evaluator: patterns are strings of
/// 0 (not breaching), X (breaching) and - (missing), oldest first, one per period of the evaluation range.
/// </summary>
internal static class AlarmEvaluatorReference
{
    public static char Classify(ComparisonOperator op, double? value, double threshold, double? lower, double? upper)
    {
        if (value is null) return '-';
        var v = value.Value;
        switch (op.ToString())
        {
            case "GreaterThanOrEqualToThreshold": return v >= threshold ? 'X' : '0';
            case "GreaterThanThreshold": return v > threshold ? 'X' : '0';
            case "LessThanThreshold": return v < threshold ? 'X' : '0';
            case "LessThanOrEqualToThreshold": return v <= threshold ? 'X' : '0';
            case "LessThanLowerThreshold": return lower is null ? '-' : v < lower ? 'X' : '0';
            case "GreaterThanUpperThreshold": return upper is null ? '-' : v > upper ? 'X' : '0';
            case "LessThanLowerOrGreaterThanUpperThreshold":
                return lower is null || upper is null ? '-' : v < lower || v > upper ? 'X' : '0';
            default: throw new ArgumentOutOfRangeException(nameof(op));
        }
    }

    public static AlarmState Evaluate(string pattern, int n, int m, TreatMissingData treat, AlarmState current)
    {
        var p = pattern.Replace(" ", "", StringComparison.Ordinal);
        var realNewestFirst = p.Reverse().Where(c => c != '-').ToList();

        // Enough real datapoints: the N most recent real ones decide and missing data does not matter.
        if (realNewestFirst.Count >= n)
            return realNewestFirst.Take(n).Count(c => c == 'X') >= m ? AlarmState.Alarm : AlarmState.Ok;

        if (realNewestFirst.Count == 0)
        {
            return treat switch
            {
                TreatMissingData.Missing => AlarmState.InsufficientData,
                TreatMissingData.Ignore => current,
                TreatMissingData.Breaching => AlarmState.Alarm,
                _ => AlarmState.Ok,
            };
        }

        if (treat is TreatMissingData.Breaching or TreatMissingData.NotBreaching)
        {
            var fill = treat == TreatMissingData.Breaching ? 'X' : '0';
            var evaluated = realNewestFirst.Concat(Enumerable.Repeat(fill, n - realNewestFirst.Count));
            return evaluated.Count(c => c == 'X') >= m ? AlarmState.Alarm : AlarmState.Ok;
        }

        if (realNewestFirst.Count(c => c == 'X') >= m) return AlarmState.Alarm;
        if (realNewestFirst.Contains('0')) return AlarmState.Ok;

        // Only breaching real datapoints, too few of them: premature-alarm rule on the oldest one.
        var oldestBreachAge = p.Length - p.IndexOf('X', StringComparison.Ordinal);
        return treat == TreatMissingData.Missing && oldestBreachAge >= m ? AlarmState.Alarm : current;
    }
}
