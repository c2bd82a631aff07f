using Crema.Client.Contracts;
using Crema.Core.Alarms;
using Crema.Core.Scaling;
using Crema.Core.Statistics;
using Crema.Simulator.Engine;

namespace Crema.Simulator.Scaling;

/// <summary>
/// Runs Crema's scaling core against one simulated shop in simulated time, the way the server will: the shop's
/// OrderWait datums become one datapoint per period (the policy's percentile, exact), the policy's derived alarms are
/// evaluated with <see cref="AlarmEvaluator"/>, scheduled actions fire, and each decision sets the baristas with a warm-up.
/// </summary>
/// <remarks>Call <see cref="OnPeriodClosed"/> after advancing the shop to each period boundary.</remarks>
public sealed class ShopScalingController
{
    private readonly ShopSimulator _shop;
    private readonly TargetTrackingPolicy _policy;
    private readonly Statistic _statistic;
    private readonly IReadOnlyList<ScheduledAction> _schedule;
    private readonly TimeSpan _warmUp;
    private readonly TargetTrackingAlarmSet _alarms;
    private readonly List<AlarmDatapoint> _datapoints = [];
    private readonly List<ScalingActivity> _activities = [];
    private readonly List<ScalingActivity> _history = [];
    private readonly List<double> _scratch = [];
    private AlarmState _high = AlarmState.InsufficientData;
    private AlarmState _low = AlarmState.InsufficientData;
    private DateTimeOffset _lastRun;

    /// <summary>Controls <paramref name="shop"/> with <paramref name="policy"/> (its metric must be OrderWait with a percentile statistic) and <paramref name="schedule"/>.</summary>
    public ShopScalingController(ShopSimulator shop, ScalableTarget target, TargetTrackingPolicy policy, IReadOnlyList<ScheduledAction> schedule, TimeSpan baristaWarmUp)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(schedule);
        var errors = new List<ScalingError>(ScalingValidation.Validate(target));
        errors.AddRange(ScalingValidation.Validate(policy, target));
        foreach (var a in schedule) errors.AddRange(ScalingValidation.Validate(a));
        if (errors.Count > 0) throw new ArgumentException(string.Join("; ", errors), nameof(policy));
        if (!Statistic.TryParse(policy.Metric.Statistic, out _statistic, out _) || _statistic.Kind != StatisticKind.Percentile)
            throw new ArgumentException("the policy's statistic must be a percentile such as p90", nameof(policy));
        _shop = shop;
        _policy = policy;
        _schedule = schedule;
        _warmUp = baristaWarmUp;
        _alarms = TargetTrackingAlarms.For(target, policy);
        Target = target;
        _lastRun = shop.Now;
        shop.SetBaristas(target.DesiredCapacity);
    }

    /// <summary>The target as the scaler sees it now.</summary>
    public ScalableTarget Target { get; private set; }

    /// <summary>Every capacity change, oldest first.</summary>
    public IReadOnlyList<ScalingActivity> History => _history;

    /// <summary>The high and low alarm states after the last period.</summary>
    public (AlarmState High, AlarmState Low) AlarmStates => (_high, _low);

    /// <summary>Datapoints so far (period start, percentile of the waits served in it; missing when none were).</summary>
    public IReadOnlyList<AlarmDatapoint> Datapoints => _datapoints;

    /// <summary>Handles the period that ended at <paramref name="periodEnd"/>; <paramref name="datums"/> must hold the shop's datums of that period.</summary>
    public void OnPeriodClosed(DateTimeOffset periodEnd, IReadOnlyList<MetricDatumDto> datums)
    {
        var period = TimeSpan.FromSeconds(_policy.PeriodSeconds);
        _scratch.Clear();
        WaitPercentile.Collect(datums, _shop.Name, periodEnd - period, periodEnd, _scratch);
        var value = WaitPercentile.Of(_scratch, _statistic.Percentile);
        _datapoints.Add(new AlarmDatapoint(periodEnd - period, value, _scratch.Count));

        foreach (var due in ScheduledScaling.Due(_schedule, _lastRun, periodEnd))
        {
            var result = ScheduledScaling.Apply(Target, due.Action, due.At);
            Target = result.Target;
            Act(result.Decision, due.At);
        }
        _lastRun = periodEnd;

        var window = Window();
        _high = AlarmEvaluator.Evaluate(_alarms.High, _high, window, periodEnd, periodEnd).State;
        if (_alarms.Low is { } low) _low = AlarmEvaluator.Evaluate(low, _low, window, periodEnd, periodEnd).State;
        var signal = _high == AlarmState.Alarm ? PolicyAlarm.High : _low == AlarmState.Alarm ? PolicyAlarm.Low : PolicyAlarm.None;
        var observations = signal == PolicyAlarm.None ? [] : new[] { new ScalingObservation(_policy.Name, signal, NewestValue()) };
        _activities.RemoveAll(a => a.At < periodEnd.AddHours(-1));
        Act(ScalingEngine.Decide(Target, [_policy], observations, _activities, periodEnd), periodEnd);
    }

    private void Act(ScalingDecision decision, DateTimeOffset at)
    {
        if (!decision.Changed) return;
        _shop.SetBaristas(decision.NewCapacity, _warmUp);
        Target = Target with { DesiredCapacity = decision.NewCapacity, ActualCapacity = decision.NewCapacity };
        var activity = decision.ToActivity(at);
        _activities.Add(activity);
        _history.Add(activity);
    }

    private AlarmDatapoint[] Window()
    {
        var n = Math.Min(_datapoints.Count, TargetTrackingAlarms.LowDatapoints + AlarmEvaluator.EvaluationRangeExtraPeriods);
        var window = new AlarmDatapoint[n];
        for (var i = 0; i < n; i++) window[i] = _datapoints[_datapoints.Count - n + i];
        return window;
    }

    private double NewestValue()
    {
        for (var i = _datapoints.Count - 1; i >= 0; i--)
            if (_datapoints[i].Value is { } v) return v;
        return double.NaN;
    }
}
