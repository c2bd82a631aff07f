using System.Collections.Concurrent;
using Crema.Client.Contracts;
using Crema.Core.Alarms;
using Crema.Core.Scaling;
using Crema.Server.Alarms;
using Crema.Server.Audit;
using Crema.Server.Hosting;
using Crema.Storage;
using Crema.Storage.Scaling;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Crema.Server.Scaling;

/// <summary>
/// Holds every scalable target with its policies and scheduled actions, and scales them: when a policy's alarm
/// changes state, at each period close while one is in ALARM, when a scheduled action falls due, and when a failed
/// actuator request is due for a retry. It sleeps until the next of those (one timer per wait, as the alarm loop).
/// </summary>
internal sealed partial class ScalingService : BackgroundService
{
    /// <summary>The metric namespace of the scaling metrics (DesiredCapacity, ActualCapacity, Activities, FailedActivities).</summary>
    public const string MetricNamespace = "Crema/Scaling";

    /// <summary>After a period closes, wait this long so the alarms have evaluated it before the policies read them.</summary>
    public static readonly TimeSpan PeriodGrace = TimeSpan.FromSeconds(2);

    private readonly StorageHost _storage;
    private readonly AlarmService _alarms;
    private readonly ScalingActuator _actuator;
    private readonly AuditRecorder _audit;
    private readonly TimeProvider _time;
    private readonly IDataProtector _protector;
    private readonly ScalingOptions _options;
    private readonly ILogger<ScalingService> _log;
    private readonly IServiceProvider _services;
    private readonly SortedDictionary<string, TargetEntry> _targets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Target, string Policy)> _managedAlarms = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SqliteScalingStore? _store;

    public ScalingService(StorageHost storage, AlarmService alarms, ScalingActuator actuator, AuditRecorder audit, TimeProvider time,
        IDataProtectionProvider protection, IOptions<ScalingOptions> options, ILogger<ScalingService> log, IServiceProvider services)
    {
        _services = services;
        _storage = storage;
        _alarms = alarms;
        _actuator = actuator;
        _audit = audit;
        _time = time;
        _protector = protection.CreateProtector("Crema.Scaling.WebhookSecret");
        _options = options.Value;
        _log = log;

        // Subscribed when built, before the composite-alarm service: the event awaits only its last handler's task,
        // and this handler finishes at once (it only wakes the loop).
        _alarms.StateChanged += OnAlarmStatesChanged;
    }

    private SqliteScalingStore Store => _store ?? throw new InvalidOperationException("scaling is not loaded yet");

    /// <summary>True (with the owner) when Crema manages the alarm for a target-tracking policy.</summary>
    public bool IsManagedAlarm(string alarmName, out string target, out string policy)
    {
        var found = _managedAlarms.TryGetValue(alarmName, out var owner);
        (target, policy) = owner;
        return found;
    }

    private Task OnAlarmStatesChanged(IReadOnlyList<string> names)
    {
        var any = false;
        foreach (var name in names)
        {
            // Managed alarms name their target; step alarms are looked up (a user alarm may drive several policies).
            lock (_targets)
            {
                foreach (var t in _targets.Values)
                {
                    foreach (var p in t.Policies.Values)
                    {
                        if (p.UsesAlarm(name))
                        {
                            t.Dirty = true;
                            any = true;
                        }
                    }
                }
            }
        }
        if (any) Wake();
        return Task.CompletedTask;
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await LoadAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            _loaded.TrySetResult();
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunDueAsync(_time.GetUtcNow(), stoppingToken).ConfigureAwait(false);
                var now = _time.GetUtcNow();
                var wait = NextDue(now) - now;
                if (wait > TimeSpan.Zero)
                {
                    using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    var woken = _wake.WaitAsync(wake.Token);
                    var slept = Task.Delay(wait, _time, wake.Token);
                    await Task.WhenAny(woken, slept).ConfigureAwait(false);
                    await wake.CancelAsync().ConfigureAwait(false);
                    try
                    {
                        await Task.WhenAll(woken, slept).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // one failed round must not stop scaling; the next round retries
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.RoundFailed(_log, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        _store = SqliteScalingStore.Open(Path.Combine(_storage.DataDirectory, "crema.db"));
        var now = _time.GetUtcNow();
        var targets = await _store.ListTargetsAsync(ct).ConfigureAwait(false);
        var policies = await _store.ListPoliciesAsync(ct).ConfigureAwait(false);
        var actions = await _store.ListScheduledActionsAsync(ct).ConfigureAwait(false);
        lock (_targets)
        {
            foreach (var r in targets)
            {
                _targets[r.Name] = new TargetEntry(ScalingMapping.Parse<ScalableTargetDto>(r.DefinitionJson), Unprotect(r.SecretProtected)) { ScheduleCheckedAt = now };
            }
            foreach (var p in policies)
            {
                if (!_targets.TryGetValue(p.TargetName, out var t)) continue;
                var request = ScalingMapping.Parse<PutScalingPolicyRequest>(p.DefinitionJson);
                var policy = ScalingMapping.ToPolicy(p.Name, request, t.Core, []);
                if (policy is null) continue;
                t.Policies[p.Name] = PolicyEntry.Create(request, policy, t.Core, p.CreatedAt, p.UpdatedAt);
            }
            foreach (var a in actions)
            {
                if (!_targets.TryGetValue(a.TargetName, out var t)) continue;
                var request = ScalingMapping.Parse<PutScheduledActionRequest>(a.DefinitionJson);
                t.Actions[a.Name] = new ActionEntry(request, ScalingMapping.ToAction(a.Name, request), a.CreatedAt, a.UpdatedAt) { LastRunAt = a.LastRunAt };
            }
            foreach (var t in _targets.Values) IndexManagedAlarms(t);
        }

        // The engine needs the last hour's changes for cooldowns and warm-up.
        foreach (var a in await _store.ListActivitiesAsync(null, now.AddHours(-1), null, 10_000, ct).ConfigureAwait(false))
        {
            if (a.Status == "Failed" || a.FromCapacity == a.ToCapacity || !_targets.TryGetValue(a.TargetName, out var t)) continue;
            t.Recent.Insert(0, ToCore(a));
        }
    }

    private void IndexManagedAlarms(TargetEntry t)
    {
        foreach (var p in t.Policies.Values)
        {
            if (p.Alarms is not { } set) continue;
            _managedAlarms[set.High.Name] = (t.Name, p.Name);
            if (set.Low is { } low) _managedAlarms[low.Name] = (t.Name, p.Name);
        }
    }

    // The minute whose capacity gauge was last written (loop only, under the gate).
    private DateTimeOffset _capacityWrittenFor = DateTimeOffset.MinValue;

    /// <summary>
    /// One round at <paramref name="now"/>: scheduled actions due, retries due, and the policies of targets whose alarms
    /// changed or whose period closed while an alarm is in ALARM (the loop's body; tests call it in fake time).
    /// </summary>
    public async Task RunDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        await _loaded.Task.WaitAsync(ct).ConfigureAwait(false);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            List<TargetEntry> targets;
            lock (_targets) targets = [.. _targets.Values];
            foreach (var t in targets)
            {
                await RunScheduledAsync(t, now, ct).ConfigureAwait(false);
                if (t.Dto.NextRetryAt is { } retryAt && retryAt <= now) await RetryAsync(t, ct).ConfigureAwait(false);
                await RunPoliciesAsync(t, now, ct).ConfigureAwait(false);
            }

            // Capacity as a gauge once a minute (as GroupDesiredCapacity is), so a graph shows it between changes too.
            var minute = MinuteOf(now);
            if (minute > _capacityWrittenFor && targets.Count > 0)
            {
                _capacityWrittenFor = minute;
                await WriteCapacityAsync(targets, minute).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RunScheduledAsync(TargetEntry t, DateTimeOffset now, CancellationToken ct)
    {
        if (t.Actions.Count == 0 || now <= t.ScheduleCheckedAt)
        {
            t.ScheduleCheckedAt = Max(t.ScheduleCheckedAt, now);
            return;
        }
        var due = ScheduledScaling.Due([.. t.Actions.Values.Select(a => a.Action)], t.ScheduleCheckedAt, now);
        t.ScheduleCheckedAt = now;
        foreach (var occurrence in due)
        {
            var entry = t.Actions[occurrence.Action.Name];
            // Cronos gives the occurrence in the action's zone; causes say UTC, so hand the core a UTC instant.
            var result = ScheduledScaling.Apply(t.Core, occurrence.Action, occurrence.At.ToUniversalTime());
            entry.LastRunAt = occurrence.At;
            await Store.SaveScheduledActionAsync(new ScheduledActionRecord(t.Name, entry.Action.Name, ScalingMapping.Json(entry.Request), entry.LastRunAt, entry.CreatedAt,
                entry.UpdatedAt), ct).ConfigureAwait(false);
            if (result.Decision.Kind == ScalingDecisionKind.None)
            {
                await RecordSkippedAsync(t, result.Decision, ct).ConfigureAwait(false);
                continue;
            }
            t.Dto = t.Dto with { MinCapacity = result.Target.MinCapacity, MaxCapacity = result.Target.MaxCapacity };
            if (result.Decision.Changed)
                await ActuateAsync(t, "Scheduled", null, result.Decision.OldCapacity, result.Decision.NewCapacity, result.Decision.Cause, 1, null, ct).ConfigureAwait(false);
            else await SaveTargetAsync(t, ct).ConfigureAwait(false);
        }
    }

    private async Task RunPoliciesAsync(TargetEntry t, DateTimeOffset now, CancellationToken ct)
    {
        if (t.Policies.Count == 0) return;
        var observations = new List<ScalingObservation>();
        var period = int.MaxValue;
        foreach (var p in t.Policies.Values)
        {
            period = Math.Min(period, p.PeriodSeconds);
            if (Observe(p) is { } o) observations.Add(o);
        }
        var closed = AlarmEvaluator.LastClosedPeriodEnd(now - PeriodGrace, period);
        var newPeriod = closed > t.PoliciesEvaluatedFor;
        if (!t.Dirty && !(newPeriod && observations.Count > 0)) return;
        t.Dirty = false;
        t.PoliciesEvaluatedFor = closed;
        t.Recent.RemoveAll(a => a.At < now.AddHours(-1));
        var policies = t.Policies.Values.Select(p => p.Policy).ToList();
        var decision = ScalingEngine.Decide(t.Core, policies, observations, t.Recent, now);
        if (decision.Changed)
        {
            var kind = decision.Kind switch
            {
                ScalingDecisionKind.ScaleOut => "ScaleOut",
                ScalingDecisionKind.ScaleIn => "ScaleIn",
                _ => "Clamp",
            };
            await ActuateAsync(t, kind, decision.PolicyName, decision.OldCapacity, decision.NewCapacity, decision.Cause, 1, null, ct).ConfigureAwait(false);
        }
        else if (observations.Count > 0)
        {
            t.LastDecision = decision.Cause;
        }
    }

    /// <summary>What the policy's alarms show now: which is in ALARM and the metric value, or null when none is.</summary>
    private ScalingObservation? Observe(PolicyEntry p)
    {
        if (p.Alarms is { } set)
        {
            if (_alarms.Describe(set.High.Name) is { StateValue: "ALARM" } high) return new(p.Name, PolicyAlarm.High, Newest(high));
            if (set.Low is { } low && _alarms.Describe(low.Name) is { StateValue: "ALARM" } lowAlarm) return new(p.Name, PolicyAlarm.Low, Newest(lowAlarm));
            return null;
        }
        if (p.StepAlarm is { } name && _alarms.Describe(name) is { StateValue: "ALARM" } alarm && p.Policy is StepScalingPolicy step)
            return new(p.Name, PolicyAlarm.High, Breaching(alarm, step), alarm.Threshold);
        return null;
    }

    /// <summary>The newest datapoint in the alarm's reason data (recentDatapoints is oldest first).</summary>
    private static double Newest(MetricAlarmDto alarm)
    {
        if (alarm.StateReasonData?["recentDatapoints"] is System.Text.Json.Nodes.JsonArray points)
        {
            for (var i = points.Count - 1; i >= 0; i--)
                if (points[i] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<double>(out var d)) return d;
        }
        return double.NaN;
    }

    /// <summary>The evaluated datapoints beyond the threshold, combined as the step policy says.</summary>
    private static double Breaching(MetricAlarmDto alarm, StepScalingPolicy step)
    {
        var values = new List<double>();
        var all = new List<double>();
        if (alarm.StateReasonData?["evaluatedDatapoints"] is System.Text.Json.Nodes.JsonArray points)
        {
            foreach (var p in points)
            {
                if (p?["value"] is not System.Text.Json.Nodes.JsonValue v || !v.TryGetValue<double>(out var d)) continue;
                all.Add(d);
                if (alarm.Threshold is { } th && Breaches(alarm.ComparisonOperator, d, th)) values.Add(d);
            }
        }
        if (values.Count == 0) values = all;
        if (values.Count == 0 && !double.IsNaN(Newest(alarm))) values.Add(Newest(alarm));
        return step.Aggregate(values.ToArray());
    }

    private static bool Breaches(string? op, double value, double threshold) => op switch
    {
        "GreaterThanThreshold" => value > threshold,
        "GreaterThanOrEqualToThreshold" => value >= threshold,
        "LessThanThreshold" => value < threshold,
        "LessThanOrEqualToThreshold" => value <= threshold,
        _ => true,
    };

    /// <summary>When the loop must next run: a scheduled action, a retry, or (while an alarm is in ALARM) the next period close.</summary>
    private DateTimeOffset NextDue(DateTimeOffset now)
    {
        var next = now + TimeSpan.FromHours(1);
        lock (_targets)
        {
            if (_targets.Count > 0) next = MinuteOf(now) + TimeSpan.FromMinutes(1);
            foreach (var t in _targets.Values)
            {
                if (t.Dto.NextRetryAt is { } r && r < next) next = r;
                foreach (var a in t.Actions.Values)
                    if (ScheduledScaling.NextOccurrence(a.Action, now) is { } at && at < next) next = at;
                if (t.Policies.Count == 0) continue;
                var period = t.Policies.Values.Min(p => p.PeriodSeconds);
                var close = AlarmEvaluator.LastClosedPeriodEnd(now - PeriodGrace, period) + TimeSpan.FromSeconds(period) + PeriodGrace;
                if (close < next && t.Policies.Values.Any(p => Observe(p) is not null)) next = close;
            }
        }
        return next < now ? now : next;
    }

    private string? Unprotect(string? secret) => secret is null ? null : _protector.Unprotect(secret);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset MinuteOf(DateTimeOffset t) => DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds() / 60 * 60);

    public override void Dispose()
    {
        _gate.Dispose();
        _wake.Dispose();
        _store?.Close();
        base.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(2600, LogLevel.Error, "Scaling round failed")]
        public static partial void RoundFailed(ILogger logger, Exception ex);

        [LoggerMessage(2601, LogLevel.Warning, "Scaling activity for {Target} failed: {Error}")]
        public static partial void ActivityFailed(ILogger logger, string target, string error);
    }
}
