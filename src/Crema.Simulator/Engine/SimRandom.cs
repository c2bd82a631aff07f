namespace Crema.Simulator.Engine;

/// <summary>Seed derivation and the few distributions the model draws from.</summary>
internal static class SimRandom
{
    /// <summary>An independent, reproducible seed for one stream of one shop (SplitMix64 of the inputs).</summary>
    /// <remarks>Not HashCode.Combine: that is randomised per process, and runs must repeat across processes.</remarks>
    public static int DeriveSeed(int seed, int shop, int stream)
    {
        var x = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)shop * 0xBF58476D1CE4E5B9UL + (ulong)stream * 0x94D049BB133111EBUL);
        x ^= x >> 30;
        x = unchecked(x * 0xBF58476D1CE4E5B9UL);
        x ^= x >> 27;
        x = unchecked(x * 0x94D049BB133111EBUL);
        x ^= x >> 31;
        return unchecked((int)x);
    }

    /// <summary>An exponential variate with the given mean.</summary>
    public static double Exponential(Random rng, double mean) => -Math.Log(1.0 - rng.NextDouble()) * mean;

    /// <summary>A log-normal variate with the given mean and standard deviation.</summary>
    public static double LogNormal(Random rng, double mean, double stdDev)
    {
        if (stdDev <= 0) return mean;
        var sigma2 = Math.Log(1 + stdDev * stdDev / (mean * mean));
        var mu = Math.Log(mean) - sigma2 / 2;
        return Math.Exp(mu + Math.Sqrt(sigma2) * StandardNormal(rng));
    }

    private static double StandardNormal(Random rng)
    {
        // Box–Muller with one of the pair: simpler than caching, and the cost is negligible here.
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
