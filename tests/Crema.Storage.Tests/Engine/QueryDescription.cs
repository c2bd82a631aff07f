using Crema.Core.Metrics;

namespace Crema.Storage.Tests.Engine;

/// <summary>Names a query in failure messages; formatted only when an assertion fails.</summary>
internal readonly record struct QueryDescription(SeriesKey Key, long StartMs, long EndMs, int PeriodSeconds)
{
    public override string ToString() => $"{Key} [{StartMs}, {EndMs}) period {PeriodSeconds} s";
}
