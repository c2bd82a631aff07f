namespace Crema.Core.Alarms;

/// <summary>An alarm on one metric statistic (CloudWatch's Namespace/MetricName/Dimensions/Statistic/Period/Unit).</summary>
public sealed record MetricStatSource(AlarmMetricStat Stat) : MetricAlarmSource
{
    public override int PeriodSeconds => Stat?.PeriodSeconds ?? 0;

    public override string? Statistic => Stat?.Statistic;
}
