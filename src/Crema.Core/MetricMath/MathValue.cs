namespace Crema.Core.MetricMath;

/// <summary>An intermediate result: a number, or a list of series (one metric query gives a list of one).</summary>
internal readonly struct MathValue
{
    private MathValue(double scalar, IReadOnlyList<TimeSeries>? series)
    {
        Scalar = scalar;
        Series = series;
    }

    public double Scalar { get; }

    public IReadOnlyList<TimeSeries>? Series { get; }

    public bool IsScalar => Series is null;

    public static MathValue Of(double scalar) => new(scalar, null);

    public static MathValue Of(IReadOnlyList<TimeSeries> series) => new(0, series);
}
