using System.Text.Json.Nodes;
using Crema.Client.Contracts;
using Crema.Core.Identity;
using Crema.Core.Metrics;
using Crema.Core.Scaling;
using Crema.Storage;
using Crema.Storage.Scaling;
using Microsoft.AspNetCore.DataProtection;

namespace Crema.Server.Scaling;

/// <summary>Activities: record, ask the actuator, record the outcome (audit event and Crema/Scaling metrics), retry with backoff.</summary>
internal sealed partial class ScalingService
{
    /// <summary>
    /// Sets the desired capacity to <paramref name="to"/> (already within [min, max]) and asks the actuator for it. A failure
    /// is recorded on the activity and retried with backoff; the desired capacity stays, the actual one is what was last reported.
    /// </summary>
    private async Task<ScalingActivityRecord> ActuateAsync(TargetEntry t, string kind, string? policy, int from, int to, string cause, int attempt, string? userName,
        CancellationToken ct)
    {
        if (to < t.Dto.MinCapacity || to > t.Dto.MaxCapacity)
            throw new InvalidOperationException($"capacity {to} is outside [{t.Dto.MinCapacity}, {t.Dto.MaxCapacity}] of '{t.Name}'");
        var started = _time.GetUtcNow();
        var activityId = Guid.CreateVersion7(started).ToString();
        var record = new ScalingActivityRecord(0, activityId, t.Name, kind, policy, from, to, cause, "InProgress", null, attempt, started, null);
        var id = await Store.AppendActivityAsync(record, ct).ConfigureAwait(false);
        t.Dto = t.Dto with { DesiredCapacity = to, UpdatedAt = started };
        await SaveTargetAsync(t, ct).ConfigureAwait(false);
        ScalingActivity? change = null;
        if (from != to)
        {
            change = new ScalingActivity(started, from, to, KindOf(kind), policy, cause);
            t.Recent.Add(change);
        }

        var result = await _actuator.SetAsync(t.Name, t.Dto.Actuator!, t.Secret, to, activityId, cause, ct).ConfigureAwait(false);
        var ended = _time.GetUtcNow();
        if (result.Succeeded)
        {
            t.Dto = t.Dto with { ActualCapacity = result.ActualCapacity ?? to, FailedAttempts = 0, NextRetryAt = null };
        }
        else
        {
            // The capacity was not added: it must not count for cooldowns or hold back the next scale-out.
            if (change is not null) t.Recent.Remove(change);
            var failures = t.Dto.FailedAttempts + 1;
            t.Dto = t.Dto with { FailedAttempts = failures, NextRetryAt = ended + _options.Backoff(failures) };
            Log.ActivityFailed(_log, t.Name, result.Error!);
        }
        await SaveTargetAsync(t, ct).ConfigureAwait(false);
        var status = result.Succeeded ? "Successful" : "Failed";
        var error = result.Succeeded ? null : result.Error + (t.Dto.NextRetryAt is { } next ? $" (retry at {next:yyyy-MM-dd HH:mm:ss} UTC)" : "");
        await Store.FinishActivityAsync(id, status, error, ended, ct).ConfigureAwait(false);
        var done = record with { Id = id, Status = status, Error = error, EndedAt = ended };
        await RecordAsync(t, done, userName).ConfigureAwait(false);
        Wake();
        return done;
    }

    private Task<ScalingActivityRecord> RetryAsync(TargetEntry t, CancellationToken ct)
    {
        var from = t.Dto.ActualCapacity ?? t.Dto.DesiredCapacity;
        var to = Math.Clamp(t.Dto.DesiredCapacity, t.Dto.MinCapacity, t.Dto.MaxCapacity);
        var attempt = t.Dto.FailedAttempts + 1;
        var cause = $"Retry {attempt - 1} after the actuator failed: {ScalingText.Change(t.Dto.CapacityUnit, from, to)}";
        return ActuateAsync(t, "Retry", null, from, to, cause, attempt, null, ct);
    }

    /// <summary>A scheduled action that did nothing (suspended, bad range) is still an activity, so that users see why.</summary>
    private async Task RecordSkippedAsync(TargetEntry t, ScalingDecision decision, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var record = new ScalingActivityRecord(0, Guid.CreateVersion7(now).ToString(), t.Name, "Scheduled", null, decision.OldCapacity, decision.NewCapacity, decision.Cause,
            "Skipped", null, 0, now, now);
        var id = await Store.AppendActivityAsync(record, ct).ConfigureAwait(false);
        await RecordAsync(t, record with { Id = id }, null).ConfigureAwait(false);
    }

    private Task SaveTargetAsync(TargetEntry t, CancellationToken ct)
    {
        var protectedSecret = t.Secret is null ? null : _protector.Protect(t.Secret);
        return Store.SaveTargetAsync(new ScalingTargetRecord(t.Name, ScalingMapping.Json(t.Dto with { Policies = [], ScheduledActions = [] }), protectedSecret, t.Dto.CreatedAt,
            t.Dto.UpdatedAt), ct);
    }

    /// <summary>The audit event and the Crema/Scaling datapoints of a finished activity.</summary>
    private async Task RecordAsync(TargetEntry t, ScalingActivityRecord a, string? userName)
    {
        var parameters = new JsonObject
        {
            ["targetName"] = a.TargetName,
            ["activityId"] = a.ActivityId,
            ["kind"] = a.Kind,
            ["policyName"] = a.PolicyName,
            ["fromCapacity"] = a.FromCapacity,
            ["toCapacity"] = a.ToCapacity,
            ["status"] = a.Status,
            ["cause"] = a.Cause,
            ["error"] = a.Error,
        };
        await _audit.RecordSystemAsync("ScalingActivity", parameters, [ResourceNames.Scaling(t.Name)], userName).ConfigureAwait(false);

        var ms = (a.EndedAt ?? a.StartedAt).ToUnixTimeMilliseconds();
        IReadOnlyList<Dimension> dims = [new Dimension("ScalableTarget", t.Name)];
        var writes = new List<SeriesWrite>
        {
            Point("DesiredCapacity", dims, ms, t.Dto.DesiredCapacity),
            Point("Activities", dims, ms, 1),
            Point("FailedActivities", dims, ms, a.Status == "Failed" ? 1 : 0),
        };
        if (t.Dto.ActualCapacity is { } actual) writes.Add(Point("ActualCapacity", dims, ms, actual));
        try
        {
            // The store the endpoints write through (resolved late: it needs the open engine), so live listeners see these too.
            await _services.GetRequiredService<ISampleStore>().AppendAsync(writes).ConfigureAwait(false);
            _alarms.OnData(MetricNamespace);
        }
        catch (StoreOverloadedException ex)
        {
            // The activity and its audit event are stored; a missing datapoint under overload is the lesser loss.
            Log.ActivityFailed(_log, t.Name, "scaling metrics not written: " + ex.Message);
        }
    }

    /// <summary>Every target's desired (and, when known, actual) capacity at <paramref name="minute"/>.</summary>
    private async Task WriteCapacityAsync(List<TargetEntry> targets, DateTimeOffset minute)
    {
        var ms = minute.ToUnixTimeMilliseconds();
        var writes = new List<SeriesWrite>(targets.Count * 2);
        foreach (var t in targets)
        {
            IReadOnlyList<Dimension> dims = [new Dimension("ScalableTarget", t.Name)];
            writes.Add(Point("DesiredCapacity", dims, ms, t.Dto.DesiredCapacity));
            if (t.Dto.ActualCapacity is { } actual) writes.Add(Point("ActualCapacity", dims, ms, actual));
        }

        try
        {
            await _services.GetRequiredService<ISampleStore>().AppendAsync(writes).ConfigureAwait(false);
        }
        catch (StoreOverloadedException ex)
        {
            // The next minute writes the gauge again.
            Log.ActivityFailed(_log, "(capacity gauge)", "scaling metrics not written: " + ex.Message);
        }
    }

    private static SeriesWrite Point(string metric, IReadOnlyList<Dimension> dims, long ms, double value) =>
        new(new SeriesKey(MetricNamespace, metric, dims), 60, [new Sample(ms, value, 1, value, value)]);

    private static ScalingDecisionKind KindOf(string kind) => kind switch
    {
        "ScaleOut" => ScalingDecisionKind.ScaleOut,
        "ScaleIn" => ScalingDecisionKind.ScaleIn,
        "Scheduled" => ScalingDecisionKind.Scheduled,
        _ => ScalingDecisionKind.Clamp,
    };

    private static ScalingActivity ToCore(ScalingActivityRecord a) => new(a.StartedAt, a.FromCapacity, a.ToCapacity, KindOf(a.Kind), a.PolicyName, a.Cause);

    public static ScalingActivityDto ToDto(ScalingActivityRecord a) => new()
    {
        ActivityId = a.ActivityId,
        TargetName = a.TargetName,
        Kind = a.Kind,
        PolicyName = a.PolicyName,
        FromCapacity = a.FromCapacity,
        ToCapacity = a.ToCapacity,
        Cause = a.Cause,
        Status = a.Status,
        StatusMessage = a.Error,
        Attempt = a.Attempt,
        StartTime = a.StartedAt,
        EndTime = a.EndedAt,
    };
}
