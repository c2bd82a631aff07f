namespace Crema.Core.Alarms;

/// <summary>Why an alarm rule did not parse: the 1-based column and the broken rule, e.g. "expected ')' but found 'AND'".</summary>
public sealed record CompositeRuleError(int Column, string Problem)
{
    /// <summary>The error as one sentence, e.g. <c>position 17: expected ')' but found 'AND'</c>.</summary>
    public string Message => $"position {Column}: {Problem}";

    /// <inheritdoc />
    public override string ToString() => Message;
}
