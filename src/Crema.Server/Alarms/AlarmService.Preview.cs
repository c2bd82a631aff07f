using Crema.Client.Contracts;
using Crema.Core.Alarms;
using Crema.Server.Metrics;

namespace Crema.Server.Alarms;

/// <summary>Previewing an alarm over stored data: the evaluator and the state machine run period by period, nothing is saved.</summary>
internal sealed partial class AlarmService
{
    /// <summary>The most periods one preview evaluates (a week of one-minute periods).</summary>
    public const int MaxPreviewPeriods = 10_080;

    /// <summary>
    /// What the alarm <paramref name="request"/> would have seen and done over [<paramref name="start"/>, <paramref name="end"/>)
    /// (default: the last 24 hours; the end is at most now): at the close of every period it is evaluated exactly as a
    /// stored alarm is, starting in INSUFFICIENT_DATA. Null and the errors when the request breaks a rule.
    /// </summary>
    public AlarmPreviewResponse? Preview(PutMetricAlarmRequest request, DateTimeOffset? start, DateTimeOffset? end, out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        var definition = AlarmMapping.ToDefinition("preview", request, out errors);
        if (definition is null) return null;
        if (request.Forecast is not null)
        {
            errors["forecast"] = ["a forecast alarm cannot be previewed: it projects a trend at each moment rather than comparing periods"];
            return null;
        }

        var now = time.GetUtcNow();
        var period = definition.PeriodSeconds;
        var to = AlarmEvaluator.LastClosedPeriodEnd(end is { } e && e < now ? e : now, period);
        var from = AlarmEvaluator.LastClosedPeriodEnd(start ?? to.AddDays(-1), period);
        if (start is { } s && end is { } e2 && e2 <= s)
        {
            errors["endTime"] = ["must be after startTime"];
            return null;
        }

        var periods = (long)((to - from).Ticks / (period * TimeSpan.TicksPerSecond));
        if (periods < 1)
        {
            errors["startTime"] = [$"the range must hold at least one closed period of {period} s before now"];
            return null;
        }

        if (periods > MaxPreviewPeriods)
        {
            errors["startTime"] = [$"a preview covers at most {MaxPreviewPeriods} periods; {periods} periods of {period} s were asked for (narrow startTime/endTime or use a longer period)"];
            return null;
        }

        var query = services.GetRequiredService<MetricQueryService>();
        var (key, statistic) = DirectRead(definition);
        var readFrom = AlarmEvaluator.EvaluationRange(definition, from).Start;
        var series = ReadSeries(definition, request, key, statistic, readFrom, to, query);
        // Sample counts always: the console shows them, and EvaluateLowSampleCountPercentile needs them.
        var counts = ReadSampleCounts(definition, request, key, readFrom, to, query);
        var points = new List<AlarmDatapoint>(series.Count);
        foreach (var (at, value) in series) points.Add(new AlarmDatapoint(at, value, counts.TryGetValue(at, out var c) ? c : null));

        var model = BandModelFor(definition, request, key, statistic, readFrom, query);
        var band = AlarmMapping.BandOf(request);
        var bands = band is null ? null : new List<AlarmBandPoint>(points.Count);
        if (bands is not null)
        {
            var half = TimeSpan.FromSeconds(period) / 2;
            foreach (var p in points)
            {
                if (model is null) bands.Add(new AlarmBandPoint(null, null));
                else
                {
                    var (lower, _, upper) = model.Band(p.PeriodStart + half, band!.Value.Width);
                    bands.Add(new AlarmBandPoint(lower, upper));
                }
            }
        }

        var status = AlarmStateMachine.Create(definition, from).Status;
        var transitions = new List<AlarmPreviewTransitionDto>();
        var datapoints = new List<AlarmPreviewDatapointDto>((int)periods);
        var window = new List<AlarmDatapoint>();
        var windowBands = bands is null ? null : new List<AlarmBandPoint>();
        var next = 0;
        // k = 0 evaluates at the start itself (on the periods before it), as a stored alarm does when it is put.
        for (var k = 0; k <= periods; k++)
        {
            var closed = from.AddSeconds((double)k * period);
            var range = AlarmEvaluator.EvaluationRange(definition, closed);

            // The evaluation range slides one period at a time: the points in [range.Start, closed).
            window.Clear();
            windowBands?.Clear();
            while (next < points.Count && points[next].PeriodStart < range.Start) next++;
            for (var i = next; i < points.Count && points[i].PeriodStart < closed; i++)
            {
                window.Add(points[i]);
                windowBands?.Add(bands![i]);
            }

            var evaluation = AlarmEvaluator.Evaluate(definition, status.State, window, closed, closed, windowBands);
            var transition = AlarmStateMachine.Apply(definition, status, evaluation, closed);
            if (transition.Changed)
                transitions.Add(new AlarmPreviewTransitionDto(closed, status.State.ToName(), transition.Status.State.ToName(), transition.Status.Reason));
            status = transition.Status;
            if (k > 0) datapoints.Add(Datapoint(definition, closed.AddSeconds(-period), window, windowBands));
        }

        return new AlarmPreviewResponse
        {
            StartTime = from,
            EndTime = to,
            Period = period,
            Statistic = definition.Statistic,
            ComparisonOperator = definition.ComparisonOperator.ToName(),
            Threshold = definition.ComparisonOperator.IsBandOperator() ? null : definition.Threshold,
            EvaluationPeriods = definition.EvaluationPeriods,
            DatapointsToAlarm = definition.EffectiveDatapointsToAlarm,
            TreatMissingData = definition.TreatMissingData.ToName(),
            Datapoints = datapoints,
            Transitions = transitions,
            FinalState = status.State.ToName(),
        };
    }

    /// <summary>The period starting at <paramref name="periodStart"/> as the alarm sees it: value, samples, breaching, band.</summary>
    private static AlarmPreviewDatapointDto Datapoint(MetricAlarmDefinition definition, DateTimeOffset periodStart, List<AlarmDatapoint> window, List<AlarmBandPoint>? bands)
    {
        for (var i = window.Count - 1; i >= 0; i--)
        {
            var p = window[i];
            if (p.PeriodStart != periodStart || p.Value is not { } value || double.IsNaN(value)) continue;
            var op = definition.ComparisonOperator;
            if (bands is not null)
            {
                var b = bands[i];
                return new AlarmPreviewDatapointDto(periodStart, value, p.SampleCount, op.BreachesBand(value, b.Lower, b.Upper), b.Lower, b.Upper);
            }

            return new AlarmPreviewDatapointDto(periodStart, value, p.SampleCount, op.Breaches(value, definition.Threshold!.Value));
        }

        return new AlarmPreviewDatapointDto(periodStart, null, null, null);
    }

    /// <summary>A band alarm's model trained on the 14 days before the preview's first evaluation range, as a stored alarm's is; null otherwise or without history.</summary>
    private AnomalyBandModel? BandModelFor(MetricAlarmDefinition definition, PutMetricAlarmRequest request, Crema.Core.Metrics.SeriesKey? key,
        Crema.Core.Statistics.Statistic[]? statistic, DateTimeOffset rangeStart, MetricQueryService query)
    {
        if (AlarmMapping.BandOf(request) is null) return null;
        var half = TimeSpan.FromSeconds(definition.PeriodSeconds) / 2;
        var history = ReadSeries(definition, request, key, statistic, rangeStart - TimeSpan.FromDays(14), rangeStart, query).Select(h => (h.At + half, h.Value)).ToList();
        try
        {
            return history.Count >= 3 ? AnomalyBandModel.Train(history) : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
