using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace Crema.Benchmarks.Infrastructure;

/// <summary>
/// Adds Min and Median (the machine is shared, so single iterations can be slow) and Op/s columns.
/// Throughput benchmarks set OperationsPerInvoke to the samples they handle, so for them Op/s
/// reads as samples per second and Allocated as bytes per sample.
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        AddColumn(StatisticColumn.Min, StatisticColumn.Median, StatisticColumn.OperationsPerSecond);
    }
}
