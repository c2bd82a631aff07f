using System.Text;

namespace Crema.Core.Alarms;

/// <summary>TRUE or FALSE: CloudWatch offers them to test a rule's shape and its actions.</summary>
internal sealed class CompositeRuleConstant(bool value) : CompositeRuleNode
{
    public bool Value { get; } = value;

    public override int Precedence => 3;

    public override bool Evaluate(Func<string, string?> stateOf) => Value;

    public override void Print(StringBuilder output) => output.Append(Value ? "TRUE" : "FALSE");

    public override void Explain(Func<string, string?> stateOf, List<string> facts) =>
        facts.Add(Value ? "TRUE" : "FALSE");
}
