namespace Crema.Core.MetricMath;

/// <summary>
/// Evaluates a parsed expression over query results.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>series ⊕ number applies per point; series ⊕ series keeps the timestamps both have;
/// a list of series ⊕ one series pairs each with it; two lists of equal length pair
/// element-wise (unequal lengths are an error).</item>
/// <item>A point whose result is not finite (division by zero, NaN input) is dropped.</item>
/// <item>SUM, AVG, MIN, MAX aggregate across series at every timestamp any of them has, giving one series.</item>
/// <item>ABS, RATE, DIFF and FILL apply to each series of a list.</item>
/// <item>Labels: a computed result that is a single series is labelled with the expression text
/// of the node that made it; when a node yields several series each keeps the label of the
/// series it came from (so they stay distinguishable); FILL and a bare id keep labels.</item>
/// <item>An expression that is only a number yields a constant series on the period grid.</item>
/// </list>
/// </remarks>
public static class ExpressionEvaluator
{
    /// <summary>Most periods FILL (or a constant expression) may generate per series.</summary>
    public const int MaxGridPoints = 1_000_000;

    /// <summary>Evaluates <paramref name="expr"/>; on failure <paramref name="error"/> names the problem and its position.</summary>
    public static bool TryEvaluate(Expr expr, IReadOnlyDictionary<string, IReadOnlyList<TimeSeries>> ids, EvaluationContext ctx,
        out IReadOnlyList<TimeSeries> result, out string? error)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(ctx);
        result = [];
        var evaluation = new ExpressionEvaluation(ids, ctx);
        if (!evaluation.TryEvaluate(expr, out var value))
        {
            error = evaluation.Error;
            return false;
        }
        if (value.IsScalar)
        {
            if (!SeriesMath.TryGrid(ctx, MaxGridPoints, out var grid, out error)) return false;
            var values = new double[grid.Length];
            Array.Fill(values, value.Scalar);
            result = [new TimeSeries("", expr.Text, grid, values)];
            return true;
        }
        result = value.Series!;
        error = null;
        return true;
    }
}
