using Crema.Client.Contracts;
using Crema.Core.Scaling;
using Crema.Server.Notifications;
using Crema.Server.Security;
using Crema.Storage.Scaling;

namespace Crema.Server.Scaling;

/// <summary>What the API changes: targets, suspension, the desired capacity by hand, policies (with their managed alarms) and scheduled actions.</summary>
internal sealed partial class ScalingService
{
    public async Task<IReadOnlyList<ScalableTargetDto>> ListTargetsAsync(CancellationToken ct)
    {
        await _loaded.Task.WaitAsync(ct).ConfigureAwait(false);
        lock (_targets) return [.. _targets.Values.Select(Describe)];
    }

    /// <summary>The target, or a 404.</summary>
    public async Task<ScalableTargetDto> GetTargetAsync(string name, bool refresh, CancellationToken ct)
    {
        await _loaded.Task.WaitAsync(ct).ConfigureAwait(false);
        if (!refresh) return Describe(Find(name));
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var t = Find(name);
            var result = await _actuator.GetAsync(t.Name, t.Dto.Actuator!, t.Secret, ct).ConfigureAwait(false);
            if (!result.Succeeded) throw new IdentityException(StatusCodes.Status502BadGateway, "ActuatorFailed", "Actuator", "the actuator did not answer: " + result.Error);
            if (result.ActualCapacity is { } actual && actual != t.Dto.ActualCapacity)
            {
                t.Dto = t.Dto with { ActualCapacity = actual };
                await SaveTargetAsync(t, ct).ConfigureAwait(false);
            }
            return Describe(t);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Registers or changes a target; errors name the field. A new webhook target gets a signing secret, returned this once.</summary>
    public async Task<(PutScalableTargetResponse? Response, Dictionary<string, string[]> Errors)> PutTargetAsync(string name, PutScalableTargetRequest r, CancellationToken ct)
    {
        await _loaded.Task.WaitAsync(ct).ConfigureAwait(false);
        var errors = new Dictionary<string, string[]>();
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            TargetEntry? existing;
            lock (_targets) _targets.TryGetValue(name, out existing);
            var now = _time.GetUtcNow();
            var old = existing?.Dto;
            var actuator = r.Actuator ?? old?.Actuator;
            if (r.Actuator is not null || old is null)
            {
                if (ScalingMapping.CheckActuator(actuator, _options.AllowLocalCommands) is { } bad) ScalingMapping.Add(errors, bad.Field, bad.Rule);
            }
            if (old is null && r.MinCapacity is null) ScalingMapping.Add(errors, "MinCapacity", "MinCapacity is required for a new target.");
            if (old is null && r.MaxCapacity is null) ScalingMapping.Add(errors, "MaxCapacity", "MaxCapacity is required for a new target.");
            if (errors.Count > 0) return (null, errors);
            var min = r.MinCapacity ?? old!.MinCapacity;
            var max = r.MaxCapacity ?? old!.MaxCapacity;
            var desired = r.DesiredCapacity ?? old?.DesiredCapacity ?? min;
            var dto = (old ?? new ScalableTargetDto { Name = name, CreatedAt = now }) with
            {
                Description = r.Description ?? old?.Description,
                MinCapacity = min,
                MaxCapacity = max,
                DesiredCapacity = desired,
                ActualCapacity = r.DesiredCapacity is { } given && old is null ? given : old?.ActualCapacity,
                CapacityUnit = r.CapacityUnit ?? old?.CapacityUnit ?? "capacity",
                ScaleInProtected = r.ScaleInProtected ?? old?.ScaleInProtected ?? false,
                Actuator = actuator,
                UpdatedAt = now,
            };
            foreach (var e in ScalingValidation.Validate(ScalingMapping.ToCore(dto))) ScalingMapping.Add(errors, e.Field, e.Message);
            if (r.DesiredCapacity is { } d && (d < min || d > max))
                ScalingMapping.Add(errors, "DesiredCapacity", $"DesiredCapacity ({d}) must lie within MinCapacity ({min}) and MaxCapacity ({max}).");
            if (errors.Count > 0) return (null, errors);

            // A new webhook gets a secret; a target switched to a webhook keeps its secret or gets one.
            string? shown = null;
            var secret = existing?.Secret;
            if (actuator!.Type == "webhook" && secret is null) shown = secret = WebhookSignature.NewSecret();
            if (existing is null)
            {
                existing = new TargetEntry(dto, secret) { ScheduleCheckedAt = now };
                lock (_targets) _targets[name] = existing;
            }
            else
            {
                existing.Dto = dto;
                existing.Secret = secret;
                existing.Dirty = true;
            }
            await SaveTargetAsync(existing, ct).ConfigureAwait(false);
            Wake();
            return (new PutScalableTargetResponse { Target = Describe(existing), WebhookSecret = shown, Created = old is null }, errors);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deregisters a target: its policies' managed alarms go with it; the activities stay.</summary>
    public async Task<bool> DeleteTargetAsync(string name, CancellationToken ct)
    {
        await _loaded.Task.WaitAsync(ct).ConfigureAwait(false);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            TargetEntry? t;
            lock (_targets)
            {
                if (!_targets.Remove(name, out t)) return false;
            }
            foreach (var p in t.Policies.Values) await DeleteManagedAlarmsAsync(p, ct).ConfigureAwait(false);
            await Store.DeleteTargetAsync(name, ct).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Suspends (or with <paramref name="suspend"/> false resumes) the kinds named; none named means all three.</summary>
    public async Task<ScalableTargetDto> SuspendAsync(string name, SuspendScalingRequest r, bool suspend, CancellationToken ct)
    {
        await _loaded.Task.WaitAsync(ct).ConfigureAwait(false);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var t = Find(name);
            var all = r.DynamicScalingIn is null && r.DynamicScalingOut is null && r.ScheduledScaling is null;
            var s = t.Dto.SuspendedState;
            t.Dto = t.Dto with
            {
                SuspendedState = new ScalingSuspendedStateDto
                {
                    DynamicScalingInSuspended = all || r.DynamicScalingIn == true ? suspend : s.DynamicScalingInSuspended == true,
                    DynamicScalingOutSuspended = all || r.DynamicScalingOut == true ? suspend : s.DynamicScalingOutSuspended == true,
                    ScheduledScalingSuspended = all || r.ScheduledScaling == true ? suspend : s.ScheduledScalingSuspended == true,
                },
                UpdatedAt = _time.GetUtcNow(),
            };

            // Resumed scheduled scaling does not replay what fell due while it was suspended.
            if (!suspend) t.ScheduleCheckedAt = _time.GetUtcNow();
            t.Dirty = true;
            await SaveTargetAsync(t, ct).ConfigureAwait(false);
            Wake();
            return Describe(t);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Sets the desired capacity by hand (refused outside [min, max]) and calls the actuator at once.</summary>
    public async Task<ScalingActivityDto> SetDesiredAsync(string name, int desired, string? reason, string userName, CancellationToken ct)
    {
        await _loaded.Task.WaitAsync(ct).ConfigureAwait(false);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var t = Find(name);
            if (desired < t.Dto.MinCapacity || desired > t.Dto.MaxCapacity)
            {
                throw IdentityException.Invalid("DesiredCapacity",
                    $"DesiredCapacity ({desired}) must lie within MinCapacity ({t.Dto.MinCapacity}) and MaxCapacity ({t.Dto.MaxCapacity}) of '{name}'.");
            }
            var from = t.Dto.DesiredCapacity;
            var why = string.IsNullOrWhiteSpace(reason) ? "" : $" ({reason.Trim()})";
            var cause = $"Desired capacity set by {userName}{why}: {ScalingText.Change(t.Dto.CapacityUnit, from, desired)}";
            var activity = await ActuateAsync(t, "Manual", null, from, desired, cause, 1, userName, ct).ConfigureAwait(false);
            return ToDto(activity);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<ScalingPolicyDto>> ListPoliciesAsync(string target, CancellationToken ct)
    {
        await _loaded.Task.WaitAsync(ct).ConfigureAwait(false);
        var t = Find(target);
        return [.. t.Policies.Values.Select(p => Describe(t, p))];
    }

    public async Task<ScalingPolicyDto> GetPolicyAsync(string target, string policy, CancellationToken ct)
    {
        await _loaded.Task.WaitAsync(ct).ConfigureAwait(false);
        var t = Find(target);
        return t.Policies.TryGetValue(policy, out var p) ? Describe(t, p) : throw IdentityException.NotFound("policyName", $"target '{target}' has no policy '{policy}'");
    }

    /// <summary>Creates or replaces a policy; a target-tracking one gets (or updates) its two managed alarms.</summary>
    public async Task<(ScalingPolicyDto? Policy, Dictionary<string, string[]> Errors)> PutPolicyAsync(string target, string name, PutScalingPolicyRequest r, CancellationToken ct)
    {
        await _loaded.Task.WaitAsync(ct).ConfigureAwait(false);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var t = Find(target);
            var errors = new Dictionary<string, string[]>();
            var policy = ScalingMapping.ToPolicy(name, r, t.Core, errors);
            if (policy is null) return (null, errors);
            if (r.StepScaling?.AlarmName is { } alarmName)
            {
                if (_managedAlarms.ContainsKey(alarmName)) ScalingMapping.Add(errors, "AlarmName", $"alarm '{alarmName}' is managed by a target-tracking policy; a step policy needs an alarm of its own.");
                else if (_alarms.Describe(alarmName) is null) ScalingMapping.Add(errors, "AlarmName", $"no metric alarm is named '{alarmName}'; create it first.");
                if (errors.Count > 0) return (null, errors);
            }
            var now = _time.GetUtcNow();
            t.Policies.TryGetValue(name, out var old);
            var entry = PolicyEntry.Create(r, policy, t.Core, old?.CreatedAt ?? now, now);
            if (old is not null && (old.Alarms is not null || entry.Alarms is not null)) await DeleteManagedAlarmsAsync(old, ct, keep: entry.Alarms).ConfigureAwait(false);
            if (entry.Alarms is { } set)
            {
                foreach (var def in new[] { set.High, set.Low })
                {
                    if (def is null) continue;
                    var (alarm, alarmErrors) = await _alarms.PutAsync(def.Name, ScalingMapping.ManagedAlarm(def, r.TargetTracking!), ct).ConfigureAwait(false);
                    if (alarm is null)
                    {
                        foreach (var (field, messages) in alarmErrors)
                            foreach (var m in messages) ScalingMapping.Add(errors, "Metric." + field, m);
                        return (null, errors);
                    }
                    _managedAlarms[def.Name] = (t.Name, name);
                }
            }
            t.Policies[name] = entry;
            t.Dirty = true;
            await Store.SavePolicyAsync(new ScalingPolicyRecord(t.Name, name, r.PolicyType!, ScalingMapping.Json(r), entry.CreatedAt, now), ct).ConfigureAwait(false);
            Wake();
            return (Describe(t, entry), errors);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<bool> DeletePolicyAsync(string target, string name, CancellationToken ct)
    {
        await _loaded.Task.WaitAsync(ct).ConfigureAwait(false);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var t = Find(target);
            if (!t.Policies.Remove(name, out var p)) return false;
            await DeleteManagedAlarmsAsync(p, ct).ConfigureAwait(false);
            await Store.DeletePolicyAsync(target, name, ct).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task DeleteManagedAlarmsAsync(PolicyEntry p, CancellationToken ct, TargetTrackingAlarmSet? keep = null)
    {
        if (p.Alarms is not { } set) return;
        foreach (var def in new[] { set.High, set.Low })
        {
            if (def is null || keep?.SignalFor(def.Name) is PolicyAlarm.High or PolicyAlarm.Low) continue;
            _managedAlarms.TryRemove(def.Name, out _);
            await _alarms.DeleteAsync(def.Name, ct).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<ScheduledActionDto>> ListActionsAsync(string target, CancellationToken ct)
    {
        await _loaded.Task.WaitAsync(ct).ConfigureAwait(false);
        var t = Find(target);
        var now = _time.GetUtcNow();
        return [.. t.Actions.Values.Select(a => Describe(t, a, now))];
    }

    public async Task<(ScheduledActionDto? Action, Dictionary<string, string[]> Errors)> PutActionAsync(string target, string name, PutScheduledActionRequest r, CancellationToken ct)
    {
        await _loaded.Task.WaitAsync(ct).ConfigureAwait(false);
        var errors = new Dictionary<string, string[]>();
        var action = ScalingMapping.ToAction(name, r);
        foreach (var e in ScalingValidation.Validate(action)) ScalingMapping.Add(errors, e.Field, e.Message);
        if (errors.Count > 0) return (null, errors);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var t = Find(target);
            var now = _time.GetUtcNow();
            t.Actions.TryGetValue(name, out var old);
            var entry = new ActionEntry(r, action, old?.CreatedAt ?? now, now) { LastRunAt = old?.LastRunAt };
            t.Actions[name] = entry;
            await Store.SaveScheduledActionAsync(new ScheduledActionRecord(t.Name, name, ScalingMapping.Json(r), entry.LastRunAt, entry.CreatedAt, now), ct).ConfigureAwait(false);
            Wake();
            return (Describe(t, entry, now), errors);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<bool> DeleteActionAsync(string target, string name, CancellationToken ct)
    {
        await _loaded.Task.WaitAsync(ct).ConfigureAwait(false);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var t = Find(target);
            if (!t.Actions.Remove(name)) return false;
            await Store.DeleteScheduledActionAsync(target, name, ct).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Activities newest first, of one target or all, with ids below <paramref name="beforeId"/>.</summary>
    public async Task<IReadOnlyList<ScalingActivityRecord>> ActivitiesAsync(string? target, long? beforeId, int limit, CancellationToken ct)
    {
        await _loaded.Task.WaitAsync(ct).ConfigureAwait(false);
        return await Store.ListActivitiesAsync(target, null, beforeId, limit, ct).ConfigureAwait(false);
    }

    private TargetEntry Find(string name)
    {
        lock (_targets)
        {
            return _targets.TryGetValue(name, out var t) ? t : throw IdentityException.NotFound("name", $"no scalable target is named '{name}'");
        }
    }

    private static ScalableTargetDto Describe(TargetEntry t) => t.Dto with { Policies = [.. t.Policies.Keys], ScheduledActions = [.. t.Actions.Keys] };

    private ScalingPolicyDto Describe(TargetEntry t, PolicyEntry p)
    {
        var alarms = new List<ScalingPolicyAlarmDto>();
        if (p.Alarms is { } set)
        {
            alarms.Add(new(set.High.Name, true, _alarms.Describe(set.High.Name)?.StateValue ?? "INSUFFICIENT_DATA"));
            if (set.Low is { } low) alarms.Add(new(low.Name, true, _alarms.Describe(low.Name)?.StateValue ?? "INSUFFICIENT_DATA"));
        }
        else if (p.StepAlarm is { } name)
        {
            alarms.Add(new(name, false, _alarms.Describe(name)?.StateValue ?? "MISSING"));
        }
        return new ScalingPolicyDto
        {
            TargetName = t.Name,
            PolicyName = p.Name,
            PolicyType = p.Request.PolicyType ?? "",
            TargetTracking = p.Request.TargetTracking,
            StepScaling = p.Request.StepScaling,
            Alarms = alarms,
            CreatedAt = p.CreatedAt,
            UpdatedAt = p.UpdatedAt,
        };
    }

    private static ScheduledActionDto Describe(TargetEntry t, ActionEntry a, DateTimeOffset now) => new()
    {
        TargetName = t.Name,
        Name = a.Action.Name,
        Schedule = a.Action.Schedule,
        TimeZone = a.Action.TimeZone,
        StartTime = a.Action.StartTime,
        EndTime = a.Action.EndTime,
        MinCapacity = a.Action.MinCapacity,
        MaxCapacity = a.Action.MaxCapacity,
        DesiredCapacity = a.Action.DesiredCapacity,
        NextRunAt = ScheduledScaling.NextOccurrence(a.Action, now),
        LastRunAt = a.LastRunAt,
    };
}
