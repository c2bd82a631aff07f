using System.Globalization;

namespace Crema.Core.MetricMath;

/// <summary>
/// Parses metric math expressions (a CloudWatch subset): numbers, ids, + − * / with the usual
/// precedence and unary minus, parentheses, arrays [a, b] and function calls (names are
/// case-insensitive). Errors give the 0-based position of the offending character.
/// </summary>
public static class ExpressionParser
{
    /// <summary>Deepest nesting of parentheses, arrays, calls and unary minus accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says what and where.</summary>
    public static bool TryParse(string text, out Expr? expr, out ExpressionError? error)
    {
        expr = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = new ExpressionError(0, "the expression is empty");
            return false;
        }
        var parser = new Parser(text);
        var result = parser.ParseAdditive();
        if (result is not null)
        {
            parser.SkipSpace();
            if (parser.Pos < text.Length)
            {
                result = parser.Fail(parser.Pos, $"unexpected '{text[parser.Pos]}' at position {parser.Pos}: expected an operator or the end of the expression");
            }
            else
            {
                result = parser.NotFillMode(result);
            }
        }
        if (result is null)
        {
            error = parser.Error;
            return false;
        }
        expr = result;
        return true;
    }

    /// <summary>Recursive-descent state: the text, the cursor, the first error and the nesting depth.</summary>
    private sealed class Parser(string text)
    {
        private readonly string _text = text;
        private int _depth;

        public int Pos { get; private set; }

        public ExpressionError? Error { get; private set; }

        public Expr? Fail(int position, string message)
        {
            Error ??= new ExpressionError(position, message);
            return null;
        }

        public void SkipSpace()
        {
            while (Pos < _text.Length && char.IsWhiteSpace(_text[Pos])) Pos++;
        }

        // additive := multiplicative (('+' | '-') multiplicative)*
        public Expr? ParseAdditive()
        {
            var left = ParseMultiplicative();
            while (left is not null)
            {
                SkipSpace();
                if (Pos >= _text.Length) break;
                var c = _text[Pos];
                if (c != '+' && c != '-') break;
                Pos++;
                var right = ParseMultiplicative();
                left = Binary(c == '+' ? BinaryOperator.Add : BinaryOperator.Subtract, left, right);
            }
            return left;
        }

        // multiplicative := unary (('*' | '/') unary)*
        private Expr? ParseMultiplicative()
        {
            var left = ParseUnary();
            while (left is not null)
            {
                SkipSpace();
                if (Pos >= _text.Length) break;
                var c = _text[Pos];
                if (c != '*' && c != '/') break;
                Pos++;
                var right = ParseUnary();
                left = Binary(c == '*' ? BinaryOperator.Multiply : BinaryOperator.Divide, left, right);
            }
            return left;
        }

        // unary := '-' unary | primary
        private Expr? ParseUnary()
        {
            SkipSpace();
            if (Pos >= _text.Length || _text[Pos] != '-') return ParsePrimary();
            var start = Pos++;
            if (!Enter(start)) return null;
            var operand = NotFillMode(ParseUnary());
            _depth--;
            if (operand is null) return null;
            var slice = Slice(start, operand.End);
            // A negative literal is a number, not an operation.
            return operand is NumberExpr number
                ? new NumberExpr(-number.Value, start, slice)
                : new NegateExpr(operand, start, slice);
        }

        // primary := number | id | REPEAT | LINEAR | name '(' args ')' | '(' additive ')' | '[' additive (',' additive)* ']'
        private Expr? ParsePrimary()
        {
            SkipSpace();
            if (Pos >= _text.Length)
            {
                return Fail(Pos, $"expected a number, an id, a function call, '(' or '[' at position {Pos}, but the expression ends");
            }
            var start = Pos;
            var c = _text[Pos];
            if (char.IsAsciiDigit(c) || c == '.') return ParseNumber();
            if (char.IsAsciiLetter(c)) return ParseName();
            if (c == '(')
            {
                Pos++;
                if (!Enter(start)) return null;
                var inner = ParseAdditive();
                _depth--;
                if (inner is null) return null;
                if (!Expect(')')) return null;
                // The node spans its parentheses so enclosing nodes' text stays contiguous.
                return inner with { Position = start, Text = Slice(start, Pos) };
            }
            if (c == '[') return ParseArray();
            return Fail(Pos, $"unexpected '{c}' at position {Pos}: expected a number, an id, a function call, '(' or '['");
        }

        private Expr? ParseNumber()
        {
            var start = Pos;
            var digits = 0;
            while (Pos < _text.Length && char.IsAsciiDigit(_text[Pos])) { Pos++; digits++; }
            if (Pos < _text.Length && _text[Pos] == '.')
            {
                Pos++;
                while (Pos < _text.Length && char.IsAsciiDigit(_text[Pos])) { Pos++; digits++; }
            }
            var valid = digits > 0;
            if (valid && Pos < _text.Length && (_text[Pos] == 'e' || _text[Pos] == 'E'))
            {
                Pos++;
                if (Pos < _text.Length && (_text[Pos] == '+' || _text[Pos] == '-')) Pos++;
                var exponentDigits = 0;
                while (Pos < _text.Length && char.IsAsciiDigit(_text[Pos])) { Pos++; exponentDigits++; }
                valid = exponentDigits > 0;
            }
            // "2m1" or "1.2.3" is one malformed token, not a number followed by something.
            while (Pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[Pos]) || _text[Pos] == '.' || _text[Pos] == '_'))
            {
                Pos++;
                valid = false;
            }
            var slice = Slice(start, Pos);
            if (!valid || !double.TryParse(slice, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return Fail(start, $"malformed number '{slice}' at position {start}");
            }
            if (!double.IsFinite(value)) return Fail(start, $"number '{slice}' at position {start} is out of range");
            return new NumberExpr(value, start, slice);
        }

        private Expr? ParseName()
        {
            var start = Pos;
            while (Pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[Pos]) || _text[Pos] == '_')) Pos++;
            var name = Slice(start, Pos);
            var afterName = Pos;
            SkipSpace();
            if (Pos < _text.Length && _text[Pos] == '(') return ParseCall(name, start);
            Pos = afterName;
            if (char.IsAsciiLetterLower(name[0])) return new IdExpr(name, start, name);
            if (name.Equals("REPEAT", StringComparison.OrdinalIgnoreCase)) return new FillModeExpr(FillMode.Repeat, start, name);
            if (name.Equals("LINEAR", StringComparison.OrdinalIgnoreCase)) return new FillModeExpr(FillMode.Linear, start, name);
            return Fail(start, $"'{name}' at position {start} is not an id (ids start with a lowercase letter) or a function call");
        }

        private Expr? ParseCall(string name, int start)
        {
            var function = name.ToUpperInvariant();
            if (!MathFunctions.TryGetArity(function, out var arity))
            {
                return Fail(start, $"unknown function '{name}' at position {start}; known functions: {MathFunctions.NameList}");
            }
            Pos++; // '('
            if (!Enter(start)) return null;
            var arguments = new List<Expr>(arity);
            SkipSpace();
            if (Pos < _text.Length && _text[Pos] == ')')
            {
                Pos++;
            }
            else
            {
                while (true)
                {
                    var argument = ParseAdditive();
                    if (argument is null) return null;
                    // Only FILL's second argument may be REPEAT or LINEAR, and there in any case.
                    if (function == "FILL" && arguments.Count == 1) argument = AsFillMode(argument);
                    else if (NotFillMode(argument) is null) return null;
                    arguments.Add(argument);
                    SkipSpace();
                    if (Pos < _text.Length && _text[Pos] == ',') { Pos++; continue; }
                    if (Pos < _text.Length && _text[Pos] == ')') { Pos++; break; }
                    return Fail(Pos, $"expected ',' or ')' at position {Pos} in the arguments of {function}");
                }
            }
            _depth--;
            if (arguments.Count != arity)
            {
                return Fail(start, $"{function} at position {start} takes {arity} argument{(arity == 1 ? "" : "s")} but got {arguments.Count}");
            }
            return new CallExpr(function, arguments, start, Slice(start, Pos));
        }

        private Expr? ParseArray()
        {
            var start = Pos++;
            if (!Enter(start)) return null;
            var items = new List<Expr>();
            SkipSpace();
            if (Pos < _text.Length && _text[Pos] == ']') return Fail(start, $"the array at position {start} is empty");
            while (true)
            {
                var item = NotFillMode(ParseAdditive());
                if (item is null) return null;
                items.Add(item);
                SkipSpace();
                if (Pos < _text.Length && _text[Pos] == ',') { Pos++; continue; }
                if (Pos < _text.Length && _text[Pos] == ']') { Pos++; break; }
                return Fail(Pos, $"expected ',' or ']' at position {Pos}");
            }
            _depth--;
            return new ArrayExpr(items, start, Slice(start, Pos));
        }

        private static Expr AsFillMode(Expr argument) => argument switch
        {
            IdExpr { Id: var id } when id.Equals("repeat", StringComparison.OrdinalIgnoreCase) => new FillModeExpr(FillMode.Repeat, argument.Position, argument.Text),
            IdExpr { Id: var id } when id.Equals("linear", StringComparison.OrdinalIgnoreCase) => new FillModeExpr(FillMode.Linear, argument.Position, argument.Text),
            _ => argument,
        };

        public Expr? NotFillMode(Expr? expr) => expr is FillModeExpr keyword
            ? Fail(keyword.Position, $"{keyword.Text.ToUpperInvariant()} at position {keyword.Position} can only be the second argument of FILL")
            : expr;

        private Expr? Binary(BinaryOperator op, Expr left, Expr? right)
        {
            if (NotFillMode(left) is null || NotFillMode(right) is null) return null;
            return new BinaryExpr(op, left, right!, left.Position, Slice(left.Position, right!.End));
        }

        private bool Expect(char c)
        {
            SkipSpace();
            if (Pos < _text.Length && _text[Pos] == c)
            {
                Pos++;
                return true;
            }
            Fail(Pos, Pos < _text.Length
                ? $"expected '{c}' at position {Pos} but found '{_text[Pos]}'"
                : $"expected '{c}' at position {Pos} but the expression ends");
            return false;
        }

        private bool Enter(int position)
        {
            if (++_depth <= MaxDepth) return true;
            Fail(position, $"the expression nests deeper than {MaxDepth} levels at position {position}");
            return false;
        }

        private string Slice(int start, int end) => _text[start..end];
    }
}
