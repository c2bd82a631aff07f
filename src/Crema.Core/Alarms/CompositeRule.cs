using System.Text;

namespace Crema.Core.Alarms;

/// <summary>
/// A composite alarm's rule, as CloudWatch's AlarmRule: <c>ALARM(name)</c>, <c>OK(name)</c>,
/// <c>INSUFFICIENT_DATA(name)</c>, <c>TRUE</c>, <c>FALSE</c>, <c>NOT</c>, <c>AND</c>, <c>OR</c> and parentheses.
/// NOT binds tightest, then AND, then OR; AND and OR group left to right. Keywords are matched
/// case-insensitively and printed in upper case. A name is either double-quoted (inside, <c>\"</c>
/// stands for a quote and <c>\\</c> for a backslash; any other escape is an error) or bare (CloudWatch
/// accepts <c>ALARM(CPUTooHigh)</c>): a run of characters other than white space, parentheses, quotes
/// and backslashes. Names compare ordinally. An alarm the state lookup does not know (returns null)
/// counts as INSUFFICIENT_DATA, the state CloudWatch gives an alarm it has not evaluated yet.
/// </summary>
public sealed partial class CompositeRule
{
    /// <summary>Longest rule text accepted (CloudWatch's AlarmRule limit).</summary>
    public const int MaxLength = 10240;

    /// <summary>Most distinct alarms one rule may reference (CloudWatch: "as many as 100 underlying alarms").</summary>
    public const int MaxReferencedAlarms = 100;

    /// <summary>Longest alarm name accepted (CloudWatch's AlarmName limit).</summary>
    public const int MaxAlarmNameLength = 255;

    /// <summary>Deepest nesting of parentheses and NOTs accepted; keeps evaluation's recursion bounded.</summary>
    public const int MaxDepth = 100;

    internal const string AlarmState = "ALARM";
    internal const string OkState = "OK";
    internal const string InsufficientDataState = "INSUFFICIENT_DATA";

    private readonly CompositeRuleNode _root;

    private CompositeRule(string text, CompositeRuleNode root, IReadOnlyList<string> referencedAlarms)
    {
        Text = text;
        _root = root;
        ReferencedAlarms = referencedAlarms;
    }

    /// <summary>The rule as it was written.</summary>
    public string Text { get; }

    /// <summary>The distinct alarm names the rule mentions, in order of first mention.</summary>
    public IReadOnlyList<string> ReferencedAlarms { get; }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> with the position and the problem.</summary>
    public static CompositeRule Parse(string text)
    {
        if (!TryParse(text, out var rule, out var error))
        {
            throw new FormatException($"Invalid alarm rule: {error!.Message}");
        }

        return rule!;
    }

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> names the column and what was expected.</summary>
    public static bool TryParse(string text, out CompositeRule? rule, out CompositeRuleError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        rule = null;
        if (text.Length > MaxLength)
        {
            error = new CompositeRuleError(MaxLength + 1, $"the rule is {text.Length} characters long; at most {MaxLength} are allowed");
            return false;
        }

        var parser = new Parser(text);
        var root = parser.ParseRule();
        if (root is null)
        {
            error = parser.Error;
            return false;
        }

        error = null;
        rule = new CompositeRule(text, root, parser.ReferencedAlarms);
        return true;
    }

    /// <summary>True when the rule holds for the alarm states <paramref name="stateOf"/> reports ("OK", "ALARM", "INSUFFICIENT_DATA"; null = unknown).</summary>
    public bool Evaluate(Func<string, string?> stateOf)
    {
        ArgumentNullException.ThrowIfNull(stateOf);
        return _root.Evaluate(stateOf);
    }

    /// <summary>
    /// The facts that decide the rule's value, joined by " AND ", for an alarm's state reason, e.g.
    /// <c>ALARM("wait-central") is true AND NOT OK("milk-central") is true</c>. A true AND lists every
    /// operand, a true OR only its true operands; a false rule lists the terms that made it false.
    /// </summary>
    public string Explain(Func<string, string?> stateOf)
    {
        ArgumentNullException.ThrowIfNull(stateOf);
        var facts = new List<string>();
        _root.Explain(stateOf, facts);
        return string.Join(" AND ", facts);
    }

    /// <summary>The rule in canonical form: upper-case keywords, every name quoted, only the parentheses precedence needs.</summary>
    public override string ToString()
    {
        var output = new StringBuilder(Text.Length + 8);
        _root.Print(output);
        return output.ToString();
    }

    /// <summary>Quotes <paramref name="alarmName"/> for use in a rule: <c>"a\"b"</c>.</summary>
    public static string Quote(string alarmName)
    {
        ArgumentNullException.ThrowIfNull(alarmName);
        var output = new StringBuilder(alarmName.Length + 2);
        AppendQuoted(output, alarmName);
        return output.ToString();
    }

    internal static void AppendQuoted(StringBuilder output, string name)
    {
        output.Append('"');
        foreach (var c in name)
        {
            if (c is '"' or '\\')
            {
                output.Append('\\');
            }

            output.Append(c);
        }

        output.Append('"');
    }

    internal static string StateName(CompositeRuleStateFunction function) => function switch
    {
        CompositeRuleStateFunction.Alarm => AlarmState,
        CompositeRuleStateFunction.Ok => OkState,
        _ => InsufficientDataState,
    };

    internal static string StateOrDefault(Func<string, string?> stateOf, string alarmName) =>
        stateOf(alarmName) ?? InsufficientDataState;
}
