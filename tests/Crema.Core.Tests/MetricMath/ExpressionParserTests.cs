using Crema.Core.MetricMath;

namespace Crema.Core.Tests.MetricMath;

public class ExpressionParserTests
{
    [Theory]
    [InlineData("(m1 + m2 * 3", 12, "expected ')' at position 12")]
    [InlineData("RATE(m1 + m2", 12, "expected ',' or ')' at position 12")]
    [InlineData("m1 +", 4, "expected a number, an id, a function call")]
    [InlineData("m1 + * m2", 5, "unexpected '*' at position 5")]
    [InlineData("m1 $ m2", 3, "unexpected '$' at position 3")]
    [InlineData("abs(m1))", 7, "unexpected ')' at position 7")]
    [InlineData("m1 m2", 3, "unexpected 'm' at position 3")]
    [InlineData("FOO(m1)", 0, "unknown function 'FOO' at position 0; known functions: ABS, AVG, DIFF, FILL, MAX, MIN, RATE, SUM")]
    [InlineData("2 * Percentile(m1)", 4, "unknown function 'Percentile'")]
    [InlineData("FILL(m1)", 0, "FILL at position 0 takes 2 arguments but got 1")]
    [InlineData("m1 + SUM(m1, m2)", 5, "SUM at position 5 takes 1 argument but got 2")]
    [InlineData("ABS()", 0, "takes 1 argument but got 0")]
    [InlineData("m1 + M2", 5, "'M2' at position 5 is not an id")]
    [InlineData("2m1", 0, "malformed number '2m1' at position 0")]
    [InlineData("1.2.3", 0, "malformed number")]
    [InlineData("m1 * 1e", 5, "malformed number '1e' at position 5")]
    [InlineData("1e999", 0, "out of range")]
    [InlineData("[m1, m2", 7, "expected ',' or ']' at position 7")]
    [InlineData("SUM([ ])", 4, "the array at position 4 is empty")]
    [InlineData("", 0, "the expression is empty")]
    [InlineData("   ", 0, "the expression is empty")]
    [InlineData("m1 + REPEAT", 5, "REPEAT at position 5 can only be the second argument of FILL")]
    [InlineData("FILL(LINEAR, m1)", 5, "LINEAR at position 5 can only be the second argument of FILL")]
    [InlineData("SUM([m1, REPEAT])", 9, "REPEAT at position 9")]
    [InlineData("-REPEAT", 1, "REPEAT at position 1")]
    [InlineData("REPEAT", 0, "REPEAT at position 0")]
    public void Reports_parse_errors_with_their_position(string text, int position, string message)
    {
        Assert.False(ExpressionParser.TryParse(text, out var expr, out var error));
        Assert.Null(expr);
        Assert.NotNull(error);
        Assert.Equal(position, error.Position);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_nesting_deeper_than_the_limit_without_overflowing_the_stack()
    {
        var deep = new string('(', 10_000) + "m1" + new string(')', 10_000);
        Assert.False(ExpressionParser.TryParse(deep, out _, out var error));
        Assert.Contains("nests deeper", error!.Message, StringComparison.Ordinal);
        Assert.Equal(ExpressionParser.MaxDepth, error.Position);

        var minus = new string('-', 10_000) + "m1";
        Assert.False(ExpressionParser.TryParse(minus, out _, out _));

        var ok = new string('(', 20) + "m1" + new string(')', 20);
        Assert.True(ExpressionParser.TryParse(ok, out _, out _));
    }

    [Fact]
    public void Multiplication_binds_tighter_than_addition_and_operators_associate_left()
    {
        Assert.True(ExpressionParser.TryParse("m1 + m2 * 2 - m3 / m4 / 4", out var expr, out _));
        // ((m1 + (m2 * 2)) - ((m3 / m4) / 4))
        var sub = Assert.IsType<BinaryExpr>(expr);
        Assert.Equal(BinaryOperator.Subtract, sub.Operator);
        var add = Assert.IsType<BinaryExpr>(sub.Left);
        Assert.Equal(BinaryOperator.Add, add.Operator);
        Assert.Equal("m1", Assert.IsType<IdExpr>(add.Left).Id);
        var mul = Assert.IsType<BinaryExpr>(add.Right);
        Assert.Equal(BinaryOperator.Multiply, mul.Operator);
        Assert.Equal("m2 * 2", mul.Text);
        Assert.Equal(5, mul.Position);
        var div = Assert.IsType<BinaryExpr>(sub.Right);
        Assert.Equal(BinaryOperator.Divide, div.Operator);
        Assert.Equal("m3 / m4 / 4", div.Text);
        var inner = Assert.IsType<BinaryExpr>(div.Left);
        Assert.Equal("m3 / m4", inner.Text);
        Assert.Equal(4, Assert.IsType<NumberExpr>(div.Right).Value);
    }

    [Fact]
    public void Parses_calls_case_insensitively_with_arrays_keywords_and_parentheses()
    {
        Assert.True(ExpressionParser.TryParse("fill( Sum([m1, m2 * 2]) , repeat) / (m3 - 1)", out var expr, out var error), error?.Message);
        var div = Assert.IsType<BinaryExpr>(expr);
        var fill = Assert.IsType<CallExpr>(div.Left);
        Assert.Equal("FILL", fill.Function);
        Assert.Equal(FillMode.Repeat, Assert.IsType<FillModeExpr>(fill.Arguments[1]).Mode);
        var sum = Assert.IsType<CallExpr>(fill.Arguments[0]);
        Assert.Equal("SUM", sum.Function);
        Assert.Equal("Sum([m1, m2 * 2])", sum.Text);
        var array = Assert.IsType<ArrayExpr>(sum.Arguments[0]);
        Assert.Equal(2, array.Items.Count);
        var parens = Assert.IsType<BinaryExpr>(div.Right);
        Assert.Equal("(m3 - 1)", parens.Text);
        Assert.Equal("fill( Sum([m1, m2 * 2]) , repeat) / (m3 - 1)", div.Text);
    }

    [Theory]
    [InlineData("1e3", 1000)]
    [InlineData("0.5", 0.5)]
    [InlineData(".25", 0.25)]
    [InlineData("2.5E-2", 0.025)]
    [InlineData("-4", -4)]
    [InlineData("--4", 4)]
    public void Parses_numbers(string text, double value)
    {
        Assert.True(ExpressionParser.TryParse(text, out var expr, out _));
        Assert.Equal(value, Assert.IsType<NumberExpr>(expr).Value);
    }

    [Fact]
    public void Unary_minus_applies_to_ids_and_groups()
    {
        Assert.True(ExpressionParser.TryParse("-m1 * -(m2 + 1)", out var expr, out _));
        var mul = Assert.IsType<BinaryExpr>(expr);
        Assert.IsType<IdExpr>(Assert.IsType<NegateExpr>(mul.Left).Operand);
        Assert.IsType<BinaryExpr>(Assert.IsType<NegateExpr>(mul.Right).Operand);
    }

    [Fact]
    public void Lists_referenced_ids_once_in_order_of_appearance()
    {
        Assert.True(ExpressionParser.TryParse("m1 + SUM([m2, m1]) * FILL(m3, 0) - m2_b", out var expr, out _));
        Assert.Equal(["m1", "m2", "m3", "m2_b"], expr!.ReferencedIds());
    }
}
