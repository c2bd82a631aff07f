namespace Crema.Core.Statistics;

/// <summary>
/// A mergeable quantile sketch with relative accuracy <see cref="RelativeAccuracy"/>, in the
/// manner of DDSketch: values fall into logarithmic buckets, so any quantile is known to within
/// α of the true sample's magnitude, and sketches merge exactly (merged = sketch of the union).
/// </summary>
/// <remarks>
/// <para>
/// Bucket key i holds magnitudes in (γ^(i-1), γ^i] with γ = (1+α)/(1-α); its representative
/// value 2γ^i/(γ+1) is within α of anything in the bucket. Positive and negative values have
/// separate stores (the negative store is keyed by −i so keys ascend with the value), zero has
/// its own count. Each store keeps at most <see cref="MaxBucketsPerSign"/> buckets, which at
/// α = 0.5 % spans a ratio of about 8·10^8 between the largest and smallest magnitude
/// (e.g. 1 µs to 14 min). When a store would need more, its lowest buckets — the smallest
/// positive values, or the most negative values — collapse into one, so low quantiles that fall
/// in the collapsed bucket lose the guarantee while high quantiles keep it. Min and Max are exact.
/// </para>
/// <para>Not thread-safe: callers synchronise.</para>
/// </remarks>
public sealed partial class QuantileSketch
{
    /// <summary>α, the guaranteed relative error of <see cref="Quantile"/>.</summary>
    public const double RelativeAccuracy = 0.005;

    /// <summary>Most buckets kept for each sign before the lowest ones collapse.</summary>
    public const int MaxBucketsPerSign = SketchBucketStore.MaxBuckets;

    private static readonly double LogGamma = Math.Log((1 + RelativeAccuracy) / (1 - RelativeAccuracy));
    private static readonly double InverseLogGamma = 1 / LogGamma;
    // log of 2/(γ+1): the representative 2γ^i/(γ+1) is computed as exp(i·lnγ + this).
    private static readonly double LogRepresentativeFactor = Math.Log(1 - RelativeAccuracy);

    private SketchBucketStore _positive;
    private SketchBucketStore _negative;
    private double _zeroCount;
    private double _count;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    /// <summary>Creates an empty sketch.</summary>
    public QuantileSketch()
    {
    }

    /// <summary>Total weight added.</summary>
    public double Count => _count;

    public bool IsEmpty => _count <= 0;

    /// <summary>The exact smallest value added; NaN when empty.</summary>
    public double Min => IsEmpty ? double.NaN : _min;

    /// <summary>The exact largest value added; NaN when empty.</summary>
    public double Max => IsEmpty ? double.NaN : _max;

    /// <summary>Allocated bucket slots over both signs (memory is about 8 bytes a slot).</summary>
    internal int BucketCapacity => _positive.Capacity + _negative.Capacity;

    /// <summary>Adds one value; NaN and ±infinity are ignored (they have no magnitude to bucket).</summary>
    public void Add(double value) => Add(value, 1);

    /// <summary>Adds a value with a positive finite weight (a count, possibly fractional).</summary>
    public void Add(double value, double weight)
    {
        if (!(weight > 0) || double.IsPositiveInfinity(weight))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "weight must be a positive finite number");
        }
        if (!double.IsFinite(value)) return;
        if (value > 0) _positive.Add(KeyOf(value), weight);
        else if (value < 0) _negative.Add(-KeyOf(-value), weight);
        else _zeroCount += weight;
        _count += weight;
        if (value < _min) _min = value;
        if (value > _max) _max = value;
    }

    /// <summary>Adds everything in <paramref name="other"/>; the result equals the sketch of both inputs' values.</summary>
    public void Merge(QuantileSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.IsEmpty) return;
        _positive.Merge(other._positive);
        _negative.Merge(other._negative);
        _zeroCount += other._zeroCount;
        _count += other._count;
        if (other._min < _min) _min = other._min;
        if (other._max > _max) _max = other._max;
    }

    /// <summary>
    /// The q-quantile, 0 ≤ q ≤ 1, by the lower-rank definition: with the values sorted
    /// x₀ ≤ … ≤ x₍ₙ₋₁₎ (n = Count, weights counting as repeats) it estimates x at index
    /// ⌊q·(n−1)⌋, returning its bucket's representative clamped to [Min, Max]; so
    /// |estimate − x| ≤ α·|x| unless x lies in a collapsed bucket. q = 0 and q = 1 give Min and
    /// Max exactly. NaN when the sketch is empty.
    /// </summary>
    public double Quantile(double q)
    {
        if (!(q >= 0 && q <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "q must be between 0 and 1");
        }
        if (IsEmpty) return double.NaN;
        if (q == 0) return _min;
        if (q == 1) return _max;
        var rank = q * (_count - 1);
        double cumulative = 0;
        double estimate;
        if (_negative.TryFindRank(ref cumulative, rank, out var key))
        {
            estimate = -ValueOf(-key);
        }
        else if ((cumulative += _zeroCount) > rank)
        {
            estimate = 0;
        }
        else if (_positive.TryFindRank(ref cumulative, rank, out key))
        {
            estimate = ValueOf(key);
        }
        else
        {
            // Only rounding in the running sum of fractional weights gets here.
            return _max;
        }
        return Math.Clamp(estimate, _min, _max);
    }

    /// <summary>Empties the sketch, keeping its bucket arrays for reuse.</summary>
    public void Clear()
    {
        _positive.Clear();
        _negative.Clear();
        _zeroCount = 0;
        _count = 0;
        _min = double.PositiveInfinity;
        _max = double.NegativeInfinity;
    }

    /// <summary>The bucket key of a positive finite magnitude: ⌈log_γ x⌉.</summary>
    internal static int KeyOf(double magnitude) => (int)Math.Ceiling(Math.Log(magnitude) * InverseLogGamma);

    /// <summary>The representative magnitude of bucket key i: 2γ^i/(γ+1).</summary>
    internal static double ValueOf(int key) => Math.Exp(key * LogGamma + LogRepresentativeFactor);
}
