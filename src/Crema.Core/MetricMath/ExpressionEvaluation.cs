namespace Crema.Core.MetricMath;

/// <summary>One evaluation of an expression tree: the inputs, the context and the first error.</summary>
internal sealed class ExpressionEvaluation(IReadOnlyDictionary<string, IReadOnlyList<TimeSeries>> ids, EvaluationContext ctx)
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<TimeSeries>> _ids = ids;
    private readonly EvaluationContext _ctx = ctx;
    private readonly HashSet<string> _validated = new(StringComparer.Ordinal);
    private long[]? _grid;

    public string? Error { get; private set; }

    public bool TryEvaluate(Expr expr, out MathValue value)
    {
        value = default;
        switch (expr)
        {
            case NumberExpr number:
                value = MathValue.Of(number.Value);
                return true;
            case IdExpr id:
                return TryLookUp(id, out value);
            case FillModeExpr keyword:
                return Fail($"{keyword.Text.ToUpperInvariant()} at position {keyword.Position} can only be the second argument of FILL");
            case NegateExpr negate:
                return TryNegate(negate, out value);
            case BinaryExpr binary:
                return TryBinary(binary, out value);
            case ArrayExpr array:
                return TryArray(array, out value);
            case CallExpr call:
                return TryCall(call, out value);
            default:
                return Fail($"unsupported expression node {expr.GetType().Name} at position {expr.Position}");
        }
    }

    private bool TryLookUp(IdExpr id, out MathValue value)
    {
        value = default;
        if (!_ids.TryGetValue(id.Id, out var series))
        {
            var known = _ids.Count == 0 ? "there are none" : _ids.Count <= 20 ? string.Join(", ", _ids.Keys.Order(StringComparer.Ordinal)) : $"{_ids.Count} ids";
            return Fail($"unknown id '{id.Id}' at position {id.Position}; known ids: {known}");
        }
        if (_validated.Add(id.Id))
        {
            foreach (var s in series)
            {
                if (s.TimestampsMs.Length != s.Values.Length)
                {
                    return Fail($"series '{s.Label}' of id '{id.Id}' has {s.TimestampsMs.Length} timestamps but {s.Values.Length} values");
                }
                for (var i = 1; i < s.TimestampsMs.Length; i++)
                {
                    if (s.TimestampsMs[i] <= s.TimestampsMs[i - 1])
                    {
                        return Fail($"series '{s.Label}' of id '{id.Id}' has timestamps that do not strictly ascend at index {i}");
                    }
                }
            }
        }
        value = MathValue.Of(series);
        return true;
    }

    private bool TryNegate(NegateExpr negate, out MathValue value)
    {
        if (!TryEvaluate(negate.Operand, out var operand)) return Failed(out value);
        if (operand.IsScalar)
        {
            value = MathValue.Of(-operand.Scalar);
            return true;
        }
        var input = operand.Series!;
        var output = new TimeSeries[input.Count];
        for (var i = 0; i < output.Length; i++) output[i] = SeriesMath.Negate(input[i], LabelOf(negate, input[i], output.Length));
        value = MathValue.Of(output);
        return true;
    }

    private bool TryBinary(BinaryExpr binary, out MathValue value)
    {
        if (!TryEvaluate(binary.Left, out var left) || !TryEvaluate(binary.Right, out var right)) return Failed(out value);
        var op = binary.Operator;
        if (left.IsScalar && right.IsScalar)
        {
            var v = SeriesMath.Apply(op, left.Scalar, right.Scalar);
            if (!double.IsFinite(v))
            {
                value = default;
                return Fail(op == BinaryOperator.Divide && right.Scalar == 0
                    ? $"division by zero in '{binary.Text}' at position {binary.Position}"
                    : $"'{binary.Text}' at position {binary.Position} is not a finite number");
            }
            value = MathValue.Of(v);
            return true;
        }
        if (left.IsScalar || right.IsScalar)
        {
            var list = left.IsScalar ? right.Series! : left.Series!;
            var scalar = left.IsScalar ? left.Scalar : right.Scalar;
            var output = new TimeSeries[list.Count];
            for (var i = 0; i < output.Length; i++)
            {
                output[i] = SeriesMath.WithScalar(list[i], op, scalar, left.IsScalar, LabelOf(binary, list[i], output.Length));
            }
            value = MathValue.Of(output);
            return true;
        }
        IReadOnlyList<TimeSeries> a = left.Series!, b = right.Series!;
        if (a.Count != b.Count && a.Count != 1 && b.Count != 1)
        {
            value = default;
            return Fail($"cannot combine {a.Count} series with {b.Count} series in '{binary.Text}' at position {binary.Position}: both sides must have the same number of series, or one side a single series");
        }
        var count = Math.Max(a.Count, b.Count);
        if (a.Count == 0 || b.Count == 0) count = 0;
        var combined = new TimeSeries[count];
        for (var i = 0; i < count; i++)
        {
            var l = a[a.Count == 1 ? 0 : i];
            var r = b[b.Count == 1 ? 0 : i];
            // The side that is a list names the results; with two lists the left one does.
            var source = a.Count == 1 && b.Count > 1 ? r : l;
            combined[i] = SeriesMath.Combine(l, op, r, source.Id, LabelOf(binary, source, count));
        }
        value = MathValue.Of(combined);
        return true;
    }

    private bool TryArray(ArrayExpr array, out MathValue value)
    {
        var items = new List<TimeSeries>();
        foreach (var item in array.Items)
        {
            if (!TryEvaluate(item, out var element)) return Failed(out value);
            if (element.IsScalar)
            {
                value = default;
                return Fail($"an array holds series, but '{item.Text}' at position {item.Position} is a number");
            }
            items.AddRange(element.Series!);
        }
        value = MathValue.Of(items);
        return true;
    }

    private bool TryCall(CallExpr call, out MathValue value)
    {
        value = default;
        if (!MathFunctions.TryGetArity(call.Function, out var arity))
        {
            return Fail($"unknown function '{call.Function}' at position {call.Position}; known functions: {MathFunctions.NameList}");
        }
        if (call.Arguments.Count != arity)
        {
            return Fail($"{call.Function} at position {call.Position} takes {arity} argument{(arity == 1 ? "" : "s")} but got {call.Arguments.Count}");
        }
        if (call.Function == "FILL") return TryFill(call, out value);
        if (!TryEvaluate(call.Arguments[0], out var argument)) return false;
        if (argument.IsScalar)
        {
            if (call.Function == "ABS")
            {
                value = MathValue.Of(Math.Abs(argument.Scalar));
                return true;
            }
            return Fail($"{call.Function} at position {call.Position} needs series (an id, an array or a series expression), not a number");
        }
        var input = argument.Series!;
        switch (call.Function)
        {
            case "SUM":
                value = Aggregate(input, SeriesMath.AggregateKind.Sum, call);
                return true;
            case "AVG":
                value = Aggregate(input, SeriesMath.AggregateKind.Average, call);
                return true;
            case "MIN":
                value = Aggregate(input, SeriesMath.AggregateKind.Min, call);
                return true;
            case "MAX":
                value = Aggregate(input, SeriesMath.AggregateKind.Max, call);
                return true;
        }
        var output = new TimeSeries[input.Count];
        for (var i = 0; i < output.Length; i++)
        {
            var label = LabelOf(call, input[i], output.Length);
            output[i] = call.Function switch
            {
                "ABS" => SeriesMath.Abs(input[i], label),
                "RATE" => SeriesMath.Difference(input[i], perSecond: true, label),
                _ => SeriesMath.Difference(input[i], perSecond: false, label),
            };
        }
        value = MathValue.Of(output);
        return true;
    }

    private bool TryFill(CallExpr call, out MathValue value)
    {
        value = default;
        if (!TryEvaluate(call.Arguments[0], out var argument)) return false;
        if (argument.IsScalar)
        {
            return Fail($"FILL at position {call.Position} needs series as its first argument, not a number");
        }
        FillMode? mode = null;
        double constant = 0;
        var second = call.Arguments[1];
        if (second is FillModeExpr keyword)
        {
            mode = keyword.Mode;
        }
        else
        {
            if (!TryEvaluate(second, out var fill)) return false;
            if (!fill.IsScalar)
            {
                return Fail($"FILL's second argument '{second.Text}' at position {second.Position} must be a number, REPEAT or LINEAR");
            }
            constant = fill.Scalar;
        }
        if (_grid is null)
        {
            if (!SeriesMath.TryGrid(_ctx, ExpressionEvaluator.MaxGridPoints, out var grid, out var error))
            {
                return Fail($"FILL at position {call.Position}: {error}");
            }
            _grid = grid;
        }
        var input = argument.Series!;
        var output = new TimeSeries[input.Count];
        for (var i = 0; i < output.Length; i++) output[i] = SeriesMath.Fill(input[i], _grid, mode, constant);
        value = MathValue.Of(output);
        return true;
    }

    private static MathValue Aggregate(IReadOnlyList<TimeSeries> input, SeriesMath.AggregateKind kind, CallExpr call) =>
        MathValue.Of([SeriesMath.Aggregate(input, kind, call.Text)]);

    /// <summary>A lone computed series is named by its expression; one of several keeps its source's label.</summary>
    private static string LabelOf(Expr node, TimeSeries source, int resultCount) => resultCount == 1 ? node.Text : source.Label;

    private bool Fail(string message)
    {
        Error ??= message;
        return false;
    }

    private static bool Failed(out MathValue value)
    {
        value = default;
        return false;
    }
}
