using System.Text;

namespace Crema.Core.Alarms;

/// <summary>NOT operand.</summary>
internal sealed class CompositeRuleNot(CompositeRuleNode operand) : CompositeRuleNode
{
    public CompositeRuleNode Operand { get; } = operand;

    public override int Precedence => 2;

    public override bool Evaluate(Func<string, string?> stateOf) => !Operand.Evaluate(stateOf);

    public override void Print(StringBuilder output)
    {
        output.Append("NOT ");
        PrintChild(Operand, output, 2);
    }

    public override void Explain(Func<string, string?> stateOf, List<string> facts)
    {
        if (Operand is CompositeRuleStateTest or CompositeRuleConstant)
        {
            var text = new StringBuilder();
            Print(text);
            text.Append(Evaluate(stateOf) ? " is true" : " is false");
            facts.Add(text.ToString());
        }
        else
        {
            // The operand's own facts justify its value, and so the negation's.
            Operand.Explain(stateOf, facts);
        }
    }
}
