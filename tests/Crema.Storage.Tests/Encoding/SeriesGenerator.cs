using Crema.Core.Metrics;

namespace Crema.Storage.Tests.Encoding;

/// <summary>Synthetic series shaped like real monitoring data, with fixed seeds.</summary>
internal static class SeriesGenerator
{
    public const long Start = 1_700_000_000_000;

    /// <summary>10 s scrapes; about 3 % land a few hundred ms off the grid.</summary>
    public static long[] Timestamps(Random rng, int n)
    {
        var ts = new long[n];
        for (int i = 0; i < n; i++)
        {
            ts[i] = Start + (i * 10_000L) + (rng.NextDouble() < 0.03 ? rng.Next(-400, 400) : 0);
        }

        Array.Sort(ts);
        return ts;
    }

    /// <summary>A request counter: small integer increments, sometimes none.</summary>
    public static double[] Counter(Random rng, int n)
    {
        var v = new double[n];
        double c = rng.Next(1_000_000);
        for (int i = 0; i < n; i++)
        {
            c += rng.Next(4) == 0 ? 0 : rng.Next(1, 8);
            v[i] = c;
        }

        return v;
    }

    /// <summary>CPU-like gauge: 30 + 240·busy + N(0,12), rounded to 0.01; busy drifts slowly in [0,1].</summary>
    public static double[] NoisyGauge(Random rng, int n)
    {
        var v = new double[n];
        double busy = rng.NextDouble();
        for (int i = 0; i < n; i++)
        {
            busy = Math.Clamp(busy + ((rng.NextDouble() - 0.5) * 0.02), 0, 1);
            v[i] = Math.Round(30 + (240 * busy) + (12 * Gaussian(rng)), 2);
        }

        return v;
    }

    /// <summary>Inventory level declining slowly, restocked now and then, rounded to 0.01.</summary>
    public static double[] Inventory(Random rng, int n)
    {
        var v = new double[n];
        double level = 5000;
        for (int i = 0; i < n; i++)
        {
            if (rng.Next(10) < 3)
            {
                level -= rng.Next(1, 250) / 100.0;
            }

            if (level < 100)
            {
                level = 5000;
            }

            level = Math.Round(level, 2);
            v[i] = level;
        }

        return v;
    }

    /// <summary>An integer gauge (replica count / queue depth) that changes rarely.</summary>
    public static double[] IntegerGauge(Random rng, int n)
    {
        var v = new double[n];
        int level = rng.Next(2, 20);
        for (int i = 0; i < n; i++)
        {
            if (rng.Next(30) == 0)
            {
                level = Math.Max(0, level + rng.Next(-3, 4));
            }

            v[i] = level;
        }

        return v;
    }

    public static Sample[] Plain(long[] ts, double[] values)
    {
        var s = new Sample[ts.Length];
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = Sample.Plain(ts[i], values[i]);
        }

        return s;
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
