using System.Text;
using Crema.Core.Alarms;

namespace Crema.Core.Tests.Alarms;

public sealed class CompositeRuleTests
{
    private static readonly string[] s_states = ["OK", "ALARM", "INSUFFICIENT_DATA"];

    // Names that need quoting, escaping, or that look like keywords, alongside plain ones.
    private static readonly string[] s_names =
    [
        "wait-central", "milk-central", "CPUTooHigh", "arn:aws:cloudwatch:eu-west-1:1:alarm:x", "AND", "NOT", "TRUE",
        "has space", "quote\"inside", "back\\slash", "paren(s)", "caf\u00e9-latte", "a", "b_c.d/e",
    ];

    [Fact]
    public void Random_rule_trees_survive_print_and_parse_with_the_same_evaluation()
    {
        var random = new Random(20240605);
        for (var i = 0; i < 400; i++)
        {
            var tree = RandomTree(random, depth: 0);
            var text = Print(tree, random, bareWhenPossible: i % 2 == 0);
            var rule = CompositeRule.Parse(text);
            var canonical = CompositeRule.Parse(rule.ToString());
            Assert.Equal(rule.ToString(), canonical.ToString());
            for (var s = 0; s < 20; s++)
            {
                var states = RandomStates(random);
                var expected = Eval(tree, states);
                Assert.True(expected == rule.Evaluate(n => states.GetValueOrDefault(n)), $"rule {text}");
                Assert.Equal(expected, canonical.Evaluate(n => states.GetValueOrDefault(n)));
            }

            var names = new List<string>();
            CollectNames(tree, names);
            Assert.Equal(names, rule.ReferencedAlarms);
        }
    }

    [Theory]
    [InlineData("TRUE OR TRUE AND FALSE", true)] // AND before OR: TRUE OR (TRUE AND FALSE)
    [InlineData("FALSE AND TRUE OR TRUE", true)] // (FALSE AND TRUE) OR TRUE
    [InlineData("NOT FALSE AND FALSE", false)] // (NOT FALSE) AND FALSE
    [InlineData("NOT TRUE OR TRUE", true)] // (NOT TRUE) OR TRUE
    [InlineData("NOT (TRUE OR TRUE)", false)]
    [InlineData("(TRUE OR TRUE) AND FALSE", false)]
    [InlineData("NOT NOT TRUE", true)]
    [InlineData("true or false", true)]
    public void Not_binds_tighter_than_and_which_binds_tighter_than_or(string text, bool expected)
    {
        Assert.Equal(expected, CompositeRule.Parse(text).Evaluate(_ => null));
    }

    [Fact]
    public void Canonical_form_keeps_only_the_parentheses_precedence_needs()
    {
        Assert.Equal("ALARM(\"a\") OR OK(\"b\") AND NOT OK(\"c\")", CompositeRule.Parse("(ALARM(a)) or (OK(b) and (not OK(c)))").ToString());
        Assert.Equal("(ALARM(\"a\") OR OK(\"b\")) AND NOT (OK(\"c\") OR TRUE)", CompositeRule.Parse("(ALARM(a) OR OK(b)) AND NOT (OK(c) OR TRUE)").ToString());
        Assert.Equal("ALARM(\"a\") OR (OK(\"b\") OR OK(\"c\"))", CompositeRule.Parse("ALARM(a) OR (OK(b) OR OK(c))").ToString());
    }

    [Fact]
    public void Functions_test_the_named_alarm_state_and_unknown_alarms_count_as_insufficient_data()
    {
        var rule = CompositeRule.Parse("ALARM(\"wait-central\") AND NOT OK(milk-central) AND INSUFFICIENT_DATA(ghost)");
        var states = new Dictionary<string, string> { ["wait-central"] = "ALARM", ["milk-central"] = "INSUFFICIENT_DATA" };
        Assert.True(rule.Evaluate(n => states.GetValueOrDefault(n)));
        states["milk-central"] = "OK";
        Assert.False(rule.Evaluate(n => states.GetValueOrDefault(n)));
        states["milk-central"] = "ALARM";
        states["ghost"] = "OK";
        Assert.False(rule.Evaluate(n => states.GetValueOrDefault(n)));
        Assert.Equal(["wait-central", "milk-central", "ghost"], rule.ReferencedAlarms);
    }

    [Theory]
    [InlineData("ALARM(\"quote\\\"inside\")", "quote\"inside")]
    [InlineData("ALARM(\"back\\\\slash\")", "back\\slash")]
    [InlineData("ALARM(\"has space (and parens) AND OR\")", "has space (and parens) AND OR")]
    [InlineData("ALARM( arn:aws:cloudwatch:eu-west-1:123:alarm:cpu )", "arn:aws:cloudwatch:eu-west-1:123:alarm:cpu")]
    [InlineData("alarm(NOT)", "NOT")]
    public void Names_are_quoted_or_bare_and_escapes_are_decoded(string text, string name)
    {
        var rule = CompositeRule.Parse(text);
        Assert.Equal([name], rule.ReferencedAlarms);
        Assert.True(rule.Evaluate(n => n == name ? "ALARM" : "OK"));
        Assert.Equal($"ALARM({CompositeRule.Quote(name)})", rule.ToString());
        Assert.Equal([name], CompositeRule.Parse(rule.ToString()).ReferencedAlarms);
    }

    [Theory]
    [InlineData("", 1, "expected ALARM(name), OK(name), INSUFFICIENT_DATA(name), TRUE, FALSE, NOT or '(' but found the end of the rule")]
    [InlineData("ALARM(a) AND", 13, "expected ALARM(name), OK(name), INSUFFICIENT_DATA(name), TRUE, FALSE, NOT or '(' but found the end of the rule")]
    [InlineData("ALARM(a) OK(b)", 10, "expected AND, OR or the end of the rule but found 'OK'")]
    [InlineData("ALARM(\"wait-central\" AND OK(b))", 22, "expected ')' but found 'AND'")]
    [InlineData("(ALARM(a) OR OK(b)", 19, "expected AND, OR or ')' but found the end of the rule")]
    [InlineData("(ALARM(a) OR OK(b) XOR OK(c))", 20, "expected AND, OR or ')' but found 'XOR'")]
    [InlineData("ALARM(a))", 9, "expected AND, OR or the end of the rule but found ')'")]
    [InlineData("ALARMS(a)", 1, "expected ALARM(name), OK(name), INSUFFICIENT_DATA(name), TRUE, FALSE, NOT or '(' but found 'ALARMS'")]
    [InlineData("ALARM a", 7, "expected '(' after ALARM but found 'a'")]
    [InlineData("OK()", 4, "expected an alarm name but found ')'")]
    [InlineData("OK(\"\")", 4, "an alarm name must not be empty")]
    [InlineData("OK(\"abc", 4, "the quoted alarm name is not closed: expected '\"' before the end of the rule")]
    [InlineData("OK(\"a\\nb\")", 7, "expected '\"' or '\\' after '\\' in a quoted name but found 'nb'")]
    [InlineData("OK(a b)", 6, "expected ')' but found 'b'")]
    [InlineData("TRUE AND NOT", 13, "expected ALARM(name), OK(name), INSUFFICIENT_DATA(name), TRUE, FALSE, NOT or '(' but found the end of the rule")]
    [InlineData("  ) ", 3, "expected ALARM(name), OK(name), INSUFFICIENT_DATA(name), TRUE, FALSE, NOT or '(' but found ')'")]
    [InlineData("TRUE ANDOK(a)", 6, "expected AND, OR or the end of the rule but found 'ANDOK'")]
    public void Errors_name_the_column_and_what_was_expected(string text, int column, string problem)
    {
        Assert.False(CompositeRule.TryParse(text, out var rule, out var error));
        Assert.Null(rule);
        Assert.Equal(new CompositeRuleError(column, problem), error);
        var thrown = Assert.Throws<FormatException>(() => CompositeRule.Parse(text));
        Assert.Contains($"position {column}: {problem}", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_of_a_valid_rule_fails_at_or_before_its_end()
    {
        const string text = "(ALARM(\"wait central\") OR NOT OK(milk)) AND INSUFFICIENT_DATA(\"x\\\"y\")";
        Assert.True(CompositeRule.TryParse(text, out _, out _));
        for (var length = 0; length < text.Length; length++)
        {
            var prefix = text[..length];
            if (CompositeRule.TryParse(prefix, out _, out var error))
            {
                // A prefix may itself be a whole rule, e.g. "(ALARM(...) OR NOT OK(milk))".
                continue;
            }

            Assert.InRange(error!.Column, 1, length + 1);
        }
    }

    [Fact]
    public void Limits_on_length_alarm_count_name_length_and_nesting_are_enforced()
    {
        var tooLong = "TRUE" + new string(' ', CompositeRule.MaxLength);
        Assert.False(CompositeRule.TryParse(tooLong, out _, out var error));
        Assert.Equal(CompositeRule.MaxLength + 1, error!.Column);

        var hundred = string.Join(" OR ", Enumerable.Range(0, 100).Select(i => $"ALARM(a{i})"));
        Assert.Equal(100, CompositeRule.Parse(hundred + " OR OK(a0)").ReferencedAlarms.Count);
        var hundredAndOne = hundred + " OR ALARM(a100)";
        Assert.False(CompositeRule.TryParse(hundredAndOne, out _, out error));
        Assert.Equal(hundredAndOne.LastIndexOf("a100", StringComparison.Ordinal) + 1, error!.Column);
        Assert.Equal("the rule references more than 100 distinct alarms", error.Problem);

        Assert.True(CompositeRule.TryParse($"OK({new string('n', 255)})", out _, out _));
        Assert.False(CompositeRule.TryParse($"OK({new string('n', 256)})", out _, out error));
        Assert.Equal(4, error!.Column);

        var deep = new string('(', CompositeRule.MaxDepth) + "TRUE" + new string(')', CompositeRule.MaxDepth);
        Assert.True(CompositeRule.Parse(deep).Evaluate(_ => null));
        Assert.False(CompositeRule.TryParse("(" + deep + ")", out _, out error));
        Assert.Equal(CompositeRule.MaxDepth + 1, error!.Column);
        var manyNots = string.Concat(Enumerable.Repeat("NOT ", 101)) + "TRUE";
        Assert.False(CompositeRule.TryParse(manyNots, out _, out error));
        Assert.Equal(401, error!.Column);
    }

    [Fact]
    public void Explain_lists_the_terms_that_decide_the_state()
    {
        var states = new Dictionary<string, string> { ["wait-central"] = "ALARM", ["milk-central"] = "ALARM", ["beans"] = "OK" };
        string? StateOf(string n) => states.GetValueOrDefault(n);

        var rule = CompositeRule.Parse("ALARM(\"wait-central\") AND NOT OK(\"milk-central\")");
        Assert.Equal("ALARM(\"wait-central\") is true AND NOT OK(\"milk-central\") is true", rule.Explain(StateOf));

        var either = CompositeRule.Parse("ALARM(beans) OR ALARM(\"wait-central\")");
        Assert.Equal("ALARM(\"wait-central\") is true", either.Explain(StateOf));

        var both = CompositeRule.Parse("ALARM(beans) AND ALARM(\"wait-central\") AND ALARM(ghost)");
        Assert.False(both.Evaluate(StateOf));
        Assert.Equal("ALARM(\"beans\") is false (OK) AND ALARM(\"ghost\") is false (INSUFFICIENT_DATA)", both.Explain(StateOf));

        var negated = CompositeRule.Parse("NOT (OK(beans) AND OK(\"milk-central\"))");
        Assert.Equal("OK(\"milk-central\") is false (ALARM)", negated.Explain(StateOf));
    }

    [Fact]
    public void Explain_facts_are_true_statements_about_the_states()
    {
        var random = new Random(77);
        for (var i = 0; i < 200; i++)
        {
            var rule = CompositeRule.Parse(Print(RandomTree(random, 0), random, bareWhenPossible: false));
            var states = RandomStates(random);
            var explanation = rule.Explain(n => states.GetValueOrDefault(n));
            foreach (var fact in explanation.Split(" AND ", StringSplitOptions.None))
            {
                if (fact is "TRUE" or "FALSE")
                {
                    continue;
                }

                // Each fact is "<term> is true" / "<term> is false (STATE)" / "NOT <term> is true|false".
                var cut = fact.LastIndexOf(" is ", StringComparison.Ordinal);
                var term = CompositeRule.Parse(fact[..cut]);
                var claimed = fact[(cut + 4)..].StartsWith("true", StringComparison.Ordinal);
                Assert.Equal(claimed, term.Evaluate(n => states.GetValueOrDefault(n)));
            }
        }
    }

    [Fact]
    public void FindCycle_reports_a_dependency_loop_as_a_closed_path()
    {
        var rules = new Dictionary<string, CompositeRule>
        {
            ["shop"] = CompositeRule.Parse("ALARM(front) OR ALARM(back)"),
            ["front"] = CompositeRule.Parse("ALARM(wait) AND ALARM(till)"),
            ["back"] = CompositeRule.Parse("ALARM(milk) OR NOT OK(shop)"),
        };
        Assert.Equal(["back", "shop", "back"], CompositeRule.FindCycle(rules));

        rules["back"] = CompositeRule.Parse("ALARM(milk) OR ALARM(front)");
        Assert.Null(CompositeRule.FindCycle(rules));

        rules["till"] = CompositeRule.Parse("OK(till)");
        Assert.Equal(["till", "till"], CompositeRule.FindCycle(rules));
    }

    [Fact]
    public void FindCycle_handles_long_chains_without_recursion()
    {
        var rules = new Dictionary<string, CompositeRule>();
        for (var i = 0; i < 20000; i++)
        {
            rules[$"c{i}"] = CompositeRule.Parse($"ALARM(c{i + 1})");
        }

        Assert.Null(CompositeRule.FindCycle(rules));
        rules["c20000"] = CompositeRule.Parse("ALARM(c0)");
        var cycle = CompositeRule.FindCycle(rules);
        Assert.NotNull(cycle);
        Assert.Equal(20002, cycle.Count);
        Assert.Equal(cycle[0], cycle[^1]);
    }

    private abstract record Node;

    private sealed record Leaf(string Function, string Name) : Node;

    private sealed record Constant(bool Value) : Node;

    private sealed record Not(Node Operand) : Node;

    private sealed record Binary(string Op, Node Left, Node Right) : Node;

    private static Node RandomTree(Random random, int depth)
    {
        var pick = depth >= 5 ? random.Next(4) : random.Next(8);
        return pick switch
        {
            0 or 1 or 2 => new Leaf(s_states[random.Next(3)], s_names[random.Next(s_names.Length)]),
            3 => new Constant(random.Next(2) == 0),
            4 => new Not(RandomTree(random, depth + 1)),
            _ => new Binary(random.Next(2) == 0 ? "AND" : "OR", RandomTree(random, depth + 1), RandomTree(random, depth + 1)),
        };
    }

    // Prints with full parentheses around every compound operand, random spacing and keyword case:
    // an independent printer, so the parser is checked against a tree it did not build.
    private static string Print(Node node, Random random, bool bareWhenPossible)
    {
        string Space() => random.Next(3) switch { 0 => " ", 1 => "  ", _ => "\t " };
        string Case(string keyword) => random.Next(3) == 0 ? keyword.ToLowerInvariant() : keyword;
        string Wrap(Node child) => child is Leaf or Constant
            ? Print(child, random, bareWhenPossible)
            : "(" + Print(child, random, bareWhenPossible) + ")";
        return node switch
        {
            Leaf leaf => Case(leaf.Function) + "(" + Name(leaf.Name, bareWhenPossible) + ")",
            Constant c => Case(c.Value ? "TRUE" : "FALSE"),
            Not n => Case("NOT") + Space() + Wrap(n.Operand),
            Binary b => Wrap(b.Left) + Space() + Case(b.Op) + Space() + Wrap(b.Right),
            _ => throw new InvalidOperationException(),
        };
    }

    private static string Name(string name, bool bare)
    {
        if (bare && name.All(c => !char.IsWhiteSpace(c) && c is not ('(' or ')' or '"' or '\\')))
        {
            return name;
        }

        var output = new StringBuilder("\"");
        foreach (var c in name)
        {
            output.Append(c is '"' or '\\' ? "\\" + c : c.ToString());
        }

        return output.Append('"').ToString();
    }

    private static bool Eval(Node node, Dictionary<string, string> states) => node switch
    {
        Leaf leaf => (states.GetValueOrDefault(leaf.Name) ?? "INSUFFICIENT_DATA") == leaf.Function,
        Constant c => c.Value,
        Not n => !Eval(n.Operand, states),
        Binary { Op: "AND" } b => Eval(b.Left, states) && Eval(b.Right, states),
        Binary b => Eval(b.Left, states) || Eval(b.Right, states),
        _ => throw new InvalidOperationException(),
    };

    private static void CollectNames(Node node, List<string> names)
    {
        switch (node)
        {
            case Leaf leaf when !names.Contains(leaf.Name):
                names.Add(leaf.Name);
                break;
            case Not n:
                CollectNames(n.Operand, names);
                break;
            case Binary b:
                CollectNames(b.Left, names);
                CollectNames(b.Right, names);
                break;
        }
    }

    private static Dictionary<string, string> RandomStates(Random random)
    {
        var states = new Dictionary<string, string>();
        foreach (var name in s_names)
        {
            // Leave some alarms unknown to exercise the INSUFFICIENT_DATA default.
            var pick = random.Next(4);
            if (pick < 3)
            {
                states[name] = s_states[pick];
            }
        }

        return states;
    }
}
