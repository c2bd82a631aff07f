using System.Text;

namespace Crema.Core.Alarms;

public sealed partial class CompositeRule
{
    /// <summary>Recursive descent over the rule text; keeps the first error and the referenced names.</summary>
    private sealed class Parser(string text)
    {
        private const string TermExpected = "ALARM(name), OK(name), INSUFFICIENT_DATA(name), TRUE, FALSE, NOT or '('";

        private readonly string _text = text;
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private readonly List<string> _referenced = [];
        private int _pos;
        private int _depth;

        public CompositeRuleError? Error { get; private set; }

        public IReadOnlyList<string> ReferencedAlarms => _referenced;

        public CompositeRuleNode? ParseRule()
        {
            var root = ParseOr();
            if (root is null)
            {
                return null;
            }

            SkipSpace();
            return _pos < _text.Length ? Expected("AND, OR or the end of the rule") : root;
        }

        // or := and ('OR' and)*
        private CompositeRuleNode? ParseOr()
        {
            var left = ParseAnd();
            while (left is not null && TryKeyword("OR"))
            {
                var right = ParseAnd();
                left = right is null ? null : new CompositeRuleBinary(false, left, right);
            }

            return left;
        }

        // and := not ('AND' not)*
        private CompositeRuleNode? ParseAnd()
        {
            var left = ParseNot();
            while (left is not null && TryKeyword("AND"))
            {
                var right = ParseNot();
                left = right is null ? null : new CompositeRuleBinary(true, left, right);
            }

            return left;
        }

        // not := 'NOT' not | primary
        private CompositeRuleNode? ParseNot()
        {
            SkipSpace();
            var start = _pos;
            if (!TryKeyword("NOT"))
            {
                return ParsePrimary();
            }

            if (!Enter(start))
            {
                return null;
            }

            var operand = ParseNot();
            _depth--;
            return operand is null ? null : new CompositeRuleNot(operand);
        }

        // primary := '(' or ')' | TRUE | FALSE | function '(' name ')'
        private CompositeRuleNode? ParsePrimary()
        {
            SkipSpace();
            if (_pos < _text.Length && _text[_pos] == '(')
            {
                if (!Enter(_pos))
                {
                    return null;
                }

                _pos++;
                var inner = ParseOr();
                _depth--;
                if (inner is null)
                {
                    return null;
                }

                SkipSpace();
                if (_pos >= _text.Length || _text[_pos] != ')')
                {
                    return Expected("AND, OR or ')'");
                }

                _pos++;
                return inner;
            }

            var word = WordAt(_pos);
            CompositeRuleStateFunction function;
            if (word.Equals("TRUE", StringComparison.OrdinalIgnoreCase) || word.Equals("FALSE", StringComparison.OrdinalIgnoreCase))
            {
                _pos += word.Length;
                return new CompositeRuleConstant(word.Length == 4);
            }
            else if (word.Equals(AlarmState, StringComparison.OrdinalIgnoreCase))
            {
                function = CompositeRuleStateFunction.Alarm;
            }
            else if (word.Equals(OkState, StringComparison.OrdinalIgnoreCase))
            {
                function = CompositeRuleStateFunction.Ok;
            }
            else if (word.Equals(InsufficientDataState, StringComparison.OrdinalIgnoreCase))
            {
                function = CompositeRuleStateFunction.InsufficientData;
            }
            else
            {
                return Expected(TermExpected);
            }

            _pos += word.Length;
            SkipSpace();
            if (_pos >= _text.Length || _text[_pos] != '(')
            {
                return Expected($"'(' after {word.ToUpperInvariant()}");
            }

            _pos++;
            SkipSpace();
            var nameStart = _pos;
            var name = _pos < _text.Length && _text[_pos] == '"' ? ReadQuotedName() : ReadBareName();
            if (name is null)
            {
                return null;
            }

            if (name.Length > MaxAlarmNameLength)
            {
                return Fail(nameStart, $"the alarm name is {name.Length} characters long; at most {MaxAlarmNameLength} are allowed");
            }

            SkipSpace();
            if (_pos >= _text.Length || _text[_pos] != ')')
            {
                return Expected("')'");
            }

            _pos++;
            if (_seen.Add(name))
            {
                if (_referenced.Count == MaxReferencedAlarms)
                {
                    return Fail(nameStart, $"the rule references more than {MaxReferencedAlarms} distinct alarms");
                }

                _referenced.Add(name);
            }

            return new CompositeRuleStateTest(function, name);
        }

        private string? ReadQuotedName()
        {
            var open = _pos;
            _pos++;
            var name = new StringBuilder();
            while (_pos < _text.Length)
            {
                var c = _text[_pos];
                if (c == '"')
                {
                    _pos++;
                    if (name.Length == 0)
                    {
                        Fail(open, "an alarm name must not be empty");
                        return null;
                    }

                    return name.ToString();
                }

                if (c == '\\')
                {
                    if (_pos + 1 >= _text.Length || _text[_pos + 1] is not ('"' or '\\'))
                    {
                        _pos++;
                        Fail(_pos, $"expected '\"' or '\\' after '\\' in a quoted name but found {Describe(_pos)}");
                        return null;
                    }

                    name.Append(_text[_pos + 1]);
                    _pos += 2;
                    continue;
                }

                name.Append(c);
                _pos++;
            }

            Fail(open, "the quoted alarm name is not closed: expected '\"' before the end of the rule");
            return null;
        }

        private string? ReadBareName()
        {
            var start = _pos;
            while (_pos < _text.Length && IsBareNameChar(_text[_pos]))
            {
                _pos++;
            }

            if (_pos == start)
            {
                Expected("an alarm name");
                return null;
            }

            return _text[start.._pos];
        }

        private static bool IsBareNameChar(char c) => !char.IsWhiteSpace(c) && c is not ('(' or ')' or '"' or '\\');

        private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

        private string WordAt(int position)
        {
            var end = position;
            while (end < _text.Length && IsWordChar(_text[end]))
            {
                end++;
            }

            return _text[position..end];
        }

        private bool TryKeyword(string keyword)
        {
            SkipSpace();
            var word = WordAt(_pos);
            if (!word.Equals(keyword, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            _pos += word.Length;
            return true;
        }

        private void SkipSpace()
        {
            while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
            {
                _pos++;
            }
        }

        private bool Enter(int position)
        {
            if (++_depth <= MaxDepth)
            {
                return true;
            }

            Fail(position, $"the rule nests more than {MaxDepth} levels of parentheses and NOT");
            return false;
        }

        /// <summary>Records "expected X but found Y" at the current (space-skipped) position.</summary>
        private CompositeRuleNode? Expected(string what)
        {
            SkipSpace();
            return Fail(_pos, $"expected {what} but found {Describe(_pos)}");
        }

        private CompositeRuleNode? Fail(int position, string problem)
        {
            Error ??= new CompositeRuleError(position + 1, problem);
            return null;
        }

        private string Describe(int position)
        {
            if (position >= _text.Length)
            {
                return "the end of the rule";
            }

            var word = WordAt(position);
            return word.Length > 0 ? $"'{word}'" : $"'{_text[position]}'";
        }
    }
}
