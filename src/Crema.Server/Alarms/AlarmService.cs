using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Crema.Client.Contracts;
using Crema.Core.Alarms;
using Crema.Server.Hosting;
using Crema.Server.Metrics;
using Crema.Storage.Alarms;

namespace Crema.Server.Alarms;

/// <summary>
/// Keeps every metric alarm in memory and evaluates each one when one of its periods closes (checked every
/// 50 ms) and when data arrives for its namespace. A new state is visible at once; it and its history are
/// stored before anyone is notified (after a crash the next evaluation recomputes the state from the data).
/// </summary>
internal sealed partial class AlarmService(StorageHost storage, IServiceProvider services, TimeProvider time, ILogger<AlarmService> log) : BackgroundService
{
    /// <summary>The shortest gap between two rounds woken by arriving data.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentDictionary<string, Entry> _alarms = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _evaluation = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Raised for each action of a state change (after the change is stored).</summary>
    public event Func<AlarmActionRequest, Task>? ActionRequested;

    /// <summary>Raised after a round in which some alarms changed state (composite alarms re-evaluate then).</summary>
    public event Func<IReadOnlyList<string>, Task>? StateChanged;

    /// <summary>Awaits every <see cref="StateChanged"/> handler in turn (a multicast delegate's invocation would await only the last one's task).</summary>
    private async Task RaiseStateChangedAsync(IReadOnlyList<string> names)
    {
        if (StateChanged is not { } handlers) return;
        foreach (var handler in handlers.GetInvocationList())
            await ((Func<IReadOnlyList<string>, Task>)handler)(names).ConfigureAwait(false);
    }

    private IAlarmStore Store => storage.Metadata.Alarms;

    /// <summary>Creates or replaces an alarm; null and the errors when the request breaks a rule.</summary>
    public async Task<(MetricAlarmDto? Alarm, Dictionary<string, string[]> Errors)> PutAsync(string name, PutMetricAlarmRequest request, CancellationToken ct)
    {
        await _loaded.Task.WaitAsync(ct).ConfigureAwait(false);
        var definition = AlarmMapping.ToDefinition(name, request, out var errors);
        if (definition is null) return (null, errors);
        var now = time.GetUtcNow();
        var entry = _alarms.GetOrAdd(name, _ => new Entry());
        await _evaluation.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var transition = entry.Definition is null
                ? AlarmStateMachine.Create(definition, now)
                : AlarmStateMachine.Update(entry.Definition, definition, entry.Status!, now);
            var created = entry.Definition is null ? now : entry.CreatedAt;
            await Store.SaveAsync(new AlarmRecord(name, AlarmMapping.Serialize(request), transition.Status.State.ToName(), transition.Status.Reason,
                transition.Status.ReasonDataJson, transition.Status.UpdatedAt, created, now), ToRecords(transition.History), ct).ConfigureAwait(false);
            entry.Set(definition, request, transition.Status, created, now);
            entry.Dirty = true;
        }
        finally
        {
            _evaluation.Release();
        }

        // A new or changed alarm is evaluated at once, not at the next period's end.
        await EvaluateAsync([(name, entry)], now, ct).ConfigureAwait(false);
        return (Describe(name), errors);
    }

    /// <summary>The alarm's description, or null.</summary>
    public MetricAlarmDto? Describe(string name) =>
        _alarms.TryGetValue(name, out var e) && e.Definition is not null ? AlarmMapping.ToDto(name, e.Request!, e.Status!, e.UpdatedAt) : null;

    /// <summary>Alarms filtered like DescribeAlarms, by name.</summary>
    public async Task<IReadOnlyList<MetricAlarmDto>> DescribeAsync(string? state, string? namePrefix, string? actionPrefix, CancellationToken ct)
    {
        await _loaded.Task.WaitAsync(ct).ConfigureAwait(false);
        var list = new List<MetricAlarmDto>();
        foreach (var (name, e) in _alarms.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (e.Definition is null) continue;
            if (namePrefix is not null && !name.StartsWith(namePrefix, StringComparison.Ordinal)) continue;
            if (state is not null && e.Status!.State.ToName() != state) continue;
            if (actionPrefix is not null && !e.Definition.AlarmActions.Concat(e.Definition.OkActions).Concat(e.Definition.InsufficientDataActions)
                    .Any(a => a.StartsWith(actionPrefix, StringComparison.Ordinal))) continue;
            list.Add(AlarmMapping.ToDto(name, e.Request!, e.Status!, e.UpdatedAt));
        }

        return list;
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken ct)
    {
        await _loaded.Task.WaitAsync(ct).ConfigureAwait(false);
        if (!_alarms.TryRemove(name, out _)) return false;
        var now = time.GetUtcNow();
        await Store.DeleteAsync(name, new AlarmHistoryRecord(0, name, now, nameof(AlarmHistoryItemType.ConfigurationUpdate), $"Alarm \"{name}\" deleted", null), ct)
            .ConfigureAwait(false);
        return true;
    }

    /// <summary>Sets the state by hand (for testing actions); the next evaluation sets it from the data again.</summary>
    public async Task<bool> SetStateAsync(string name, AlarmState state, string reason, string? reasonDataJson, CancellationToken ct)
    {
        await _loaded.Task.WaitAsync(ct).ConfigureAwait(false);
        if (!_alarms.TryGetValue(name, out var entry) || entry.Definition is null) return false;
        var now = time.GetUtcNow();
        await _evaluation.WaitAsync(ct).ConfigureAwait(false);
        AlarmTransition transition;
        try
        {
            transition = AlarmStateMachine.SetState(entry.Definition, entry.Status!, state, reason, reasonDataJson, now);
            await Store.SaveStateAsync(name, transition.Status.State.ToName(), transition.Status.Reason, transition.Status.ReasonDataJson, now,
                ToRecords(transition.History), ct).ConfigureAwait(false);
            var previous = entry.Status!.State;
            entry.Status = transition.Status;
            await RaiseAsync(name, entry, transition, previous, []).ConfigureAwait(false);
            if (transition.Changed) await RaiseStateChangedAsync([name]).ConfigureAwait(false);
        }
        finally
        {
            _evaluation.Release();
        }

        return true;
    }

    /// <summary>Turns the alarm's actions on or off (a configuration change in its history).</summary>
    public async Task<bool> SetActionsEnabledAsync(string name, bool enabled, CancellationToken ct)
    {
        var current = Describe(name);
        if (current is null || !_alarms.TryGetValue(name, out var entry)) return false;
        var (alarm, _) = await PutAsync(name, entry.Request! with { ActionsEnabled = enabled }, ct).ConfigureAwait(false);
        return alarm is not null;
    }

    /// <summary>History newest first.</summary>
    public Task<IReadOnlyList<AlarmHistoryRecord>> HistoryAsync(string? name, string? type, DateTimeOffset? from, DateTimeOffset? to, long? beforeId, int limit,
        CancellationToken ct) => Store.HistoryAsync(name, type, from, to, beforeId, limit, ct);

    /// <summary>Data arrived for a namespace: its alarms are evaluated at the next tick.</summary>
    public void OnData(string metricNamespace)
    {
        var any = false;
        foreach (var e in _alarms.Values)
        {
            if (!e.Namespaces.Contains(metricNamespace)) continue;
            e.Dirty = true;
            any = true;
        }

        if (any && _wake.CurrentCount == 0) _wake.Release();
    }

    /// <summary>Evaluates every alarm that is due at <paramref name="now"/> (the loop's body; tests call it in fake time).</summary>
    public async Task<int> EvaluateDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var due = new List<(string Name, Entry Entry)>();
        foreach (var (name, e) in _alarms)
        {
            if (e.Definition is null) continue;
            var lastClosed = AlarmEvaluator.LastClosedPeriodEnd(now, e.Definition.PeriodSeconds);
            if (lastClosed > e.LastEvaluatedPeriodEnd || e.Dirty) due.Add((name, e));
        }

        if (due.Count > 0) await EvaluateAsync(due, now, ct).ConfigureAwait(false);
        return due.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var r in await Store.ListAsync(stoppingToken).ConfigureAwait(false))
            {
                var request = AlarmMapping.Parse(r.DefinitionJson);
                var definition = AlarmMapping.ToDefinition(r.Name, request, out _);
                if (definition is null) continue;
                var entry = new Entry();
                if (!AlarmStates.TryParse(r.State, out var state)) state = AlarmState.InsufficientData;
                entry.Set(definition, request, new AlarmStatus(state, r.StateReason, r.StateReasonData, r.StateUpdatedAt), r.CreatedAt, r.UpdatedAt);

                // The stored state is the last evaluation's: the next one comes when the current period closes.
                entry.LastEvaluatedPeriodEnd = AlarmEvaluator.LastClosedPeriodEnd(time.GetUtcNow(), definition.PeriodSeconds);
                _alarms[r.Name] = entry;
            }
        }
        finally
        {
            _loaded.TrySetResult();
        }

        // Sleep until the next period closes (at most a second), or until data arrives: one timer per wait, so a
        // test that moves a fake clock by days does not fire thousands of ticks.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EvaluateDueAsync(time.GetUtcNow(), stoppingToken).ConfigureAwait(false);
                var now = time.GetUtcNow();
                var wait = NextDue(now) - now;
                if (wait > TimeSpan.Zero)
                {
                    using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    var woken = _wake.WaitAsync(wake.Token);
                    var slept = Task.Delay(wait, time, wake.Token);
                    await Task.WhenAny(woken, slept).ConfigureAwait(false);
                    await wake.CancelAsync().ConfigureAwait(false);
                    try
                    {
                        await Task.WhenAll(woken, slept).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                    }

                    // Data wakes the loop at most every Tick (real time), so a busy sender cannot keep it spinning.
                    if (woken.IsCompletedSuccessfully) await Task.Delay(Tick, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // one bad evaluation must not stop the others; it is retried at the next round
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.EvaluationFailed(log, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>When the next alarm period closes (within a second from now).</summary>
    private DateTimeOffset NextDue(DateTimeOffset now)
    {
        var next = now + TimeSpan.FromSeconds(1);
        foreach (var e in _alarms.Values)
        {
            if (e.Definition is not { } def) continue;
            var close = AlarmEvaluator.LastClosedPeriodEnd(now, def.PeriodSeconds) + TimeSpan.FromSeconds(def.PeriodSeconds);
            if (close < next) next = close;
        }

        return next;
    }

    /// <summary>
    /// Evaluates alarms in parallel (queries only), stores every change in one transaction, then raises actions:
    /// ten thousand alarms cost one fsync per round, not one each.
    /// </summary>
    private async Task EvaluateAsync(IReadOnlyList<(string Name, Entry Entry)> due, DateTimeOffset now, CancellationToken ct)
    {
        await _evaluation.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var query = services.GetRequiredService<MetricQueryService>();
            var results = new Result?[due.Count];
            Parallel.For(0, due.Count, new ParallelOptions { CancellationToken = ct }, i =>
            {
                var (_, entry) = due[i];
                var def = entry.Definition;
                if (def is null) return;
                entry.Dirty = false;
                var lastClosed = AlarmEvaluator.LastClosedPeriodEnd(now, def.PeriodSeconds);
                if (entry.Request!.Forecast is { } forecast)
                {
                    results[i] = EvaluateForecast(def, entry, forecast, lastClosed, now, query);
                    return;
                }

                var range = AlarmEvaluator.EvaluationRange(def, lastClosed);
                var recent = ReadSeries(entry, range.Start, range.End, query);
                var counts = def.EvaluateLowSampleCountPercentile == LowSampleCountPercentile.Ignore
                    ? ReadSampleCounts(def, entry.Request!, entry.DirectKey, range.Start, range.End, query)
                    : null;
                var points = new List<AlarmDatapoint>(recent.Count);
                foreach (var (at, value) in recent) points.Add(new AlarmDatapoint(at, value, counts is not null && counts.TryGetValue(at, out var c) ? c : null));
                List<AlarmBandPoint>? bands = null;
                if (AlarmMapping.BandOf(entry.Request!) is { } band)
                {
                    var model = BandModel(entry, range.Start, now, query);
                    bands = new List<AlarmBandPoint>(points.Count);
                    foreach (var p in points)
                    {
                        if (model is null) bands.Add(new AlarmBandPoint(null, null));
                        else
                        {
                            var (lower, _, upper) = model.Band(p.PeriodStart + (TimeSpan.FromSeconds(def.PeriodSeconds) / 2), band.Width);
                            bands.Add(new AlarmBandPoint(lower, upper));
                        }
                    }
                }

                var evaluation = AlarmEvaluator.Evaluate(def, entry.Status!.State, points, lastClosed, now, bands);
                results[i] = new Result(AlarmStateMachine.Apply(def, entry.Status, evaluation, now), entry.Status.State, lastClosed, recent);
            });

            var updates = new List<AlarmStateUpdate>();
            for (var i = 0; i < due.Count; i++)
            {
                if (results[i] is not { } r || !(r.Transition.Changed || r.Transition.History.Count > 0)) continue;
                var st = r.Transition.Status;
                updates.Add(new AlarmStateUpdate(due[i].Name, st.State.ToName(), st.Reason, st.ReasonDataJson, st.UpdatedAt, ToRecords(r.Transition.History)));
            }

            for (var i = 0; i < due.Count; i++)
            {
                if (results[i] is not { } r) continue;
                due[i].Entry.LastEvaluatedPeriodEnd = r.LastClosed;
                due[i].Entry.Status = r.Transition.Status;
            }

            if (updates.Count > 0) await Store.SaveStatesAsync(updates, ct).ConfigureAwait(false);
            var changed = new List<string>();
            for (var i = 0; i < due.Count; i++)
            {
                if (results[i] is not { Transition.Changed: true } r) continue;
                changed.Add(due[i].Name);
                await RaiseAsync(due[i].Name, due[i].Entry, r.Transition, r.Previous, r.Recent).ConfigureAwait(false);
            }

            if (changed.Count > 0) await RaiseStateChangedAsync(changed).ConfigureAwait(false);
        }
        finally
        {
            _evaluation.Release();
        }
    }

    /// <summary>The alarm's trained band model (the 14 days before the evaluation range), retrained hourly; null without enough history.</summary>
    private AnomalyBandModel? BandModel(Entry entry, DateTimeOffset rangeStart, DateTimeOffset now, MetricQueryService query)
    {
        if (entry.Band is { } cached && now - entry.BandTrainedAt < TimeSpan.FromHours(1)) return cached;
        // Each value stands for its whole period: train (and read the band) at the period's middle, so an
        // hour-of-day model does not lag half a period behind the data.
        var half = TimeSpan.FromSeconds(entry.Definition!.PeriodSeconds) / 2;
        var history = ReadSeries(entry, rangeStart - TimeSpan.FromDays(14), rangeStart, query).Select(h => (h.At + half, h.Value)).ToList();
        try
        {
            entry.Band = history.Count >= 3 ? AnomalyBandModel.Train(history) : null;
        }
        catch (ArgumentException)
        {
            entry.Band = null;
        }

        entry.BandTrainedAt = now;
        return entry.Band;
    }

    /// <summary>The band of an anomaly alarm over [from, to) at its period, for graphs: (time, lower, expected, upper).</summary>
    public IReadOnlyList<(DateTimeOffset At, double Lower, double Expected, double Upper)>? BandSeries(string name, DateTimeOffset from, DateTimeOffset to)
    {
        if (!_alarms.TryGetValue(name, out var entry) || entry.Definition is null || AlarmMapping.BandOf(entry.Request!) is not { } band) return null;
        var model = BandModel(entry, from, time.GetUtcNow(), services.GetRequiredService<MetricQueryService>());
        var list = new List<(DateTimeOffset, double, double, double)>();
        if (model is null) return list;
        var step = TimeSpan.FromSeconds(entry.Definition.PeriodSeconds);
        for (var t = from; t < to && list.Count < 10_000; t += step)
        {
            var (lower, expected, upper) = model.Band(t + (step / 2), band.Width);
            list.Add((t, lower, expected, upper));
        }

        return list;
    }

    /// <summary>The alarm's series over [start, end): straight from the engine for one metric, else through metric math.</summary>
    private List<(DateTimeOffset At, double Value)> ReadSeries(Entry entry, DateTimeOffset start, DateTimeOffset end, MetricQueryService query) =>
        ReadSeries(entry.Definition!, entry.Request!, entry.DirectKey, entry.DirectStatistic, start, end, query);

    /// <summary>The series of an alarm (stored or previewed) over [start, end).</summary>
    private List<(DateTimeOffset At, double Value)> ReadSeries(MetricAlarmDefinition definition, PutMetricAlarmRequest request, Crema.Core.Metrics.SeriesKey? directKey,
        Crema.Core.Statistics.Statistic[]? directStatistic, DateTimeOffset start, DateTimeOffset end, MetricQueryService query)
    {
        var list = new List<(DateTimeOffset, double)>();
        if (directKey is { } key)
        {
            // One metric: straight to the engine (the common case, and the one 10,000 alarms are made of).
            var series = storage.Engine.Query(key, start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(), definition.PeriodSeconds, directStatistic!);
            var values = series.Values[0];
            for (var k = 0; k < series.Timestamps.Length; k++)
            {
                if (!double.IsNaN(values[k])) list.Add((DateTimeOffset.FromUnixTimeMilliseconds(series.Timestamps[k]), values[k]));
            }
        }
        else if (query.Run(AlarmMapping.ToQuery(request, start, end, out var returnId)).Response?.MetricDataResults
                     .FirstOrDefault(r => r.Id == returnId) is { } series)
        {
            for (var k = 0; k < series.Timestamps.Count; k++) list.Add((series.Timestamps[k], series.Values[k]));
        }

        return list;
    }

    /// <summary>
    /// A forecast alarm: fit the trend of the last window of closed periods; ALARM when the series has crossed the
    /// threshold in the alarm's direction or will within the horizon; INSUFFICIENT_DATA with too few points.
    /// </summary>
    private Result EvaluateForecast(MetricAlarmDefinition def, Entry entry, AlarmForecastDto forecast, DateTimeOffset lastClosed, DateTimeOffset now, MetricQueryService query)
    {
        var window = TimeSpan.FromSeconds(forecast.WindowSeconds ?? 3600);
        var horizon = TimeSpan.FromSeconds(forecast.HorizonSeconds ?? 1800);
        var level = def.Threshold ?? 0;
        var falling = def.ComparisonOperator is ComparisonOperator.LessThanThreshold or ComparisonOperator.LessThanOrEqualToThreshold;
        var points = ReadSeries(entry, lastClosed - window, lastClosed, query);
        var name = entry.Request!.MetricName ?? def.Name;
        var result = Forecast.TimeToCross(points, level, lastClosed, new ForecastOptions { Window = window, MaxHorizon = TimeSpan.FromDays(7), SeriesName = name });
        AlarmState state;
        string reason;
        if (result.Status == ForecastStatus.TooFewPoints)
        {
            state = AlarmState.InsufficientData;
            reason = "Forecast: " + result.Sentence;
        }
        else
        {
            var beyond = falling ? result.ValueNow < level || (def.ComparisonOperator == ComparisonOperator.LessThanOrEqualToThreshold && result.ValueNow <= level)
                                 : result.ValueNow > level || (def.ComparisonOperator == ComparisonOperator.GreaterThanOrEqualToThreshold && result.ValueNow >= level);
            var heading = falling ? result.SlopePerHour < 0 : result.SlopePerHour > 0;
            var soon = result.Status == ForecastStatus.Crossing && heading && result.TimeToCross is { } ttc && ttc <= horizon;
            state = beyond || result.Status == ForecastStatus.AlreadyCrossed && heading || soon ? AlarmState.Alarm : AlarmState.Ok;
            var within = $"{(falling ? "below" : "above")} {level.ToString("0.0##", System.Globalization.CultureInfo.InvariantCulture)} within {horizon.TotalMinutes:0} min";
            reason = state == AlarmState.Alarm
                ? $"Forecast crossed: {result.Sentence} (alarm when {within})."
                : $"Forecast clear: {result.Sentence} (alarm when {within}).";
        }

        var data = new JsonObject
        {
            ["version"] = "1.0",
            ["forecast"] = new JsonObject
            {
                ["status"] = result.Status.ToString(),
                ["valueNow"] = double.IsNaN(result.ValueNow) ? null : result.ValueNow,
                ["slopePerHour"] = double.IsNaN(result.SlopePerHour) ? null : result.SlopePerHour,
                ["crossesAt"] = result.CrossesAt,
                ["level"] = level,
                ["horizonSeconds"] = horizon.TotalSeconds,
                ["pointsUsed"] = result.PointsUsed,
                ["confidence"] = result.Confidence,
            },
        }.ToJsonString();
        var transition = AlarmStateMachine.SetState(def, entry.Status!, state, reason, data, now);
        return new Result(transition, entry.Status!.State, lastClosed, points.Count > 10 ? points[^10..] : points);
    }

    private sealed record Result(AlarmTransition Transition, AlarmState Previous, DateTimeOffset LastClosed, IReadOnlyList<(DateTimeOffset, double)> Recent);

    private async Task RaiseAsync(string name, Entry entry, AlarmTransition transition, AlarmState previous, IReadOnlyList<(DateTimeOffset, double)> recent)
    {
        if (ActionRequested is not { } handler || transition.ActionsToRun.Count == 0) return;
        var dto = AlarmMapping.ToDto(name, entry.Request!, transition.Status, entry.UpdatedAt);
        foreach (var action in transition.ActionsToRun)
        {
            try
            {
                await handler(new AlarmActionRequest(action, dto, previous.ToName(), recent)).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // a failing action is recorded in the history; the state change stands
            catch (Exception ex)
#pragma warning restore CA1031
            {
                var item = AlarmStateMachine.ActionResult(name, action, transition.Status.State, false, ex.Message, time.GetUtcNow());
                await Store.AppendHistoryAsync(ToRecords([item])).ConfigureAwait(false);
            }
        }
    }

    public override void Dispose()
    {
        _evaluation.Dispose();
        _wake.Dispose();
        base.Dispose();
    }

    private static List<AlarmHistoryRecord> ToRecords(IReadOnlyList<AlarmHistoryItem> items) =>
        [.. items.Select(h => new AlarmHistoryRecord(0, h.AlarmName, h.Timestamp, h.Type.ToString(), h.Summary, h.DataJson))];

    /// <summary>The API form of a history record.</summary>
    internal static AlarmHistoryItemDto ToDto(AlarmHistoryRecord r) =>
        new(r.AlarmName, r.At, r.Type, r.Summary, r.Data is { } d ? JsonNode.Parse(d) as JsonObject : null);

    private sealed class Entry
    {
        public MetricAlarmDefinition? Definition { get; private set; }

        public PutMetricAlarmRequest? Request { get; private set; }

        public AlarmStatus? Status { get; set; }

        public DateTimeOffset CreatedAt { get; private set; }

        public DateTimeOffset UpdatedAt { get; private set; }

        public DateTimeOffset LastEvaluatedPeriodEnd { get; set; }

        public volatile bool Dirty;

        public IReadOnlySet<string> Namespaces { get; private set; } = new HashSet<string>();

        /// <summary>For a single-metric alarm without a unit filter or wildcard: the series and statistic to read directly.</summary>
        public Crema.Core.Metrics.SeriesKey? DirectKey { get; private set; }

        public Crema.Core.Statistics.Statistic[]? DirectStatistic { get; private set; }

        public AnomalyBandModel? Band { get; set; }

        public DateTimeOffset BandTrainedAt { get; set; }

        public void Set(MetricAlarmDefinition definition, PutMetricAlarmRequest request, AlarmStatus status, DateTimeOffset created, DateTimeOffset updated)
        {
            Definition = definition;
            Request = request;
            Status = status;
            CreatedAt = created;
            UpdatedAt = updated;
            Namespaces = new HashSet<string>(AlarmMapping.Namespaces(request), StringComparer.Ordinal);
            Band = null;
            BandTrainedAt = default;
            (DirectKey, DirectStatistic) = DirectRead(definition);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(2200, LogLevel.Error, "Alarm evaluation failed")]
        public static partial void EvaluationFailed(ILogger logger, Exception ex);
    }
}
