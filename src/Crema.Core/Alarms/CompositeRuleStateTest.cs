using System.Text;

namespace Crema.Core.Alarms;

/// <summary>ALARM("name"), OK("name") or INSUFFICIENT_DATA("name").</summary>
internal sealed class CompositeRuleStateTest(CompositeRuleStateFunction function, string alarmName) : CompositeRuleNode
{
    public CompositeRuleStateFunction Function { get; } = function;

    public string AlarmName { get; } = alarmName;

    public override int Precedence => 3;

    public override bool Evaluate(Func<string, string?> stateOf) =>
        string.Equals(CompositeRule.StateOrDefault(stateOf, AlarmName), CompositeRule.StateName(Function), StringComparison.Ordinal);

    public override void Print(StringBuilder output)
    {
        output.Append(CompositeRule.StateName(Function)).Append('(');
        CompositeRule.AppendQuoted(output, AlarmName);
        output.Append(')');
    }

    public override void Explain(Func<string, string?> stateOf, List<string> facts)
    {
        var text = new StringBuilder();
        Print(text);
        if (Evaluate(stateOf))
        {
            text.Append(" is true");
        }
        else
        {
            // Saying which state the alarm is in instead makes a false term actionable in a reason.
            text.Append(" is false (").Append(CompositeRule.StateOrDefault(stateOf, AlarmName)).Append(')');
        }

        facts.Add(text.ToString());
    }
}
