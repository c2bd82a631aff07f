using System.Text;

namespace Crema.Core.Alarms;

/// <summary>A node of a parsed alarm rule; evaluation and printing are pure functions of the tree.</summary>
internal abstract class CompositeRuleNode
{
    /// <summary>Binding strength when printed: 0 OR, 1 AND, 2 NOT, 3 atoms (functions, TRUE/FALSE, groups).</summary>
    public abstract int Precedence { get; }

    public abstract bool Evaluate(Func<string, string?> stateOf);

    public abstract void Print(StringBuilder output);

    /// <summary>Appends the facts that decide this node's value, each stating its own truth.</summary>
    public abstract void Explain(Func<string, string?> stateOf, List<string> facts);

    protected void PrintChild(CompositeRuleNode child, StringBuilder output, int minimumPrecedence)
    {
        if (child.Precedence < minimumPrecedence)
        {
            output.Append('(');
            child.Print(output);
            output.Append(')');
        }
        else
        {
            child.Print(output);
        }
    }
}
