using System.Text;

namespace Crema.Core.Alarms;

/// <summary>left AND right, or left OR right.</summary>
internal sealed class CompositeRuleBinary(bool isAnd, CompositeRuleNode left, CompositeRuleNode right) : CompositeRuleNode
{
    public bool IsAnd { get; } = isAnd;

    public CompositeRuleNode Left { get; } = left;

    public CompositeRuleNode Right { get; } = right;

    public override int Precedence => IsAnd ? 1 : 0;

    public override bool Evaluate(Func<string, string?> stateOf) =>
        IsAnd ? Left.Evaluate(stateOf) && Right.Evaluate(stateOf) : Left.Evaluate(stateOf) || Right.Evaluate(stateOf);

    public override void Print(StringBuilder output)
    {
        // Both operators are left-associative, so a right operand of the same strength needs parentheses
        // to keep the printed tree identical to this one.
        PrintChild(Left, output, Precedence);
        output.Append(IsAnd ? " AND " : " OR ");
        PrintChild(Right, output, Precedence + 1);
    }

    public override void Explain(Func<string, string?> stateOf, List<string> facts)
    {
        var value = Evaluate(stateOf);
        // The deciding operands: for a true AND or a false OR every operand decides; otherwise only
        // those operands whose value equals the result (a false AND is false because of its false parts).
        var everyOperandDecides = IsAnd == value;
        if (everyOperandDecides || Left.Evaluate(stateOf) == value)
        {
            Left.Explain(stateOf, facts);
        }

        if (everyOperandDecides || Right.Evaluate(stateOf) == value)
        {
            Right.Explain(stateOf, facts);
        }
    }
}
