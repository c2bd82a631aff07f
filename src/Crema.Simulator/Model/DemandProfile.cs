namespace Crema.Simulator.Model;

/// <summary>How many customers arrive at each time of day: a baseline plus bumps, less at weekends.</summary>
/// <param name="ReferenceCustomersPerHour">Customers per hour for a shape value of 1 and a shop of size 1.</param>
/// <param name="Baseline">Shape value between the peaks.</param>
/// <param name="Peaks">Rushes added to the baseline.</param>
/// <param name="WeekendFactor">Multiplies the demand on Saturday and Sunday.</param>
public sealed record DemandProfile(
    double ReferenceCustomersPerHour,
    double Baseline,
    IReadOnlyList<DemandPeak> Peaks,
    double WeekendFactor)
{
    /// <summary>A morning rush at 08:00, lunch at 12:30 and a smaller bump at 16:00.</summary>
    public static DemandProfile Default { get; } = new(
        75,
        0.22,
        [
            new DemandPeak(new TimeOnly(8, 0), TimeSpan.FromMinutes(50), 1.0),
            new DemandPeak(new TimeOnly(12, 30), TimeSpan.FromMinutes(45), 0.65),
            new DemandPeak(new TimeOnly(16, 0), TimeSpan.FromMinutes(40), 0.3),
        ],
        0.6);

    /// <summary>Customers per hour for a shop of size 1 at <paramref name="timeOfDay"/> (local) on <paramref name="day"/>.</summary>
    public double CustomersPerHour(TimeSpan timeOfDay, DayOfWeek day)
    {
        var shape = Baseline;
        var minutes = timeOfDay.TotalMinutes;
        for (var i = 0; i < Peaks.Count; i++)
        {
            var p = Peaks[i];
            var z = (minutes - p.Center.ToTimeSpan().TotalMinutes) / p.Width.TotalMinutes;
            shape += p.Height * Math.Exp(-0.5 * z * z);
        }
        var weekend = day is DayOfWeek.Saturday or DayOfWeek.Sunday;
        return ReferenceCustomersPerHour * shape * (weekend ? WeekendFactor : 1.0);
    }
}
