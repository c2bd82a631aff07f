using System.Globalization;
using System.Text;
using Crema.Client.Contracts;

namespace Crema.Client;

/// <summary>Scaling: targets with their actuators, policies, scheduled actions and activities.</summary>
public sealed partial class CremaClient
{
    public Task<ListScalableTargetsResponse> ListScalableTargetsAsync(CancellationToken ct = default) =>
        GetAsync<ListScalableTargetsResponse>("api/v1/scaling/targets", ct);

    /// <summary>One target; with <paramref name="refresh"/> the server first asks the actuator for the actual capacity.</summary>
    public Task<ScalableTargetDto> GetScalableTargetAsync(string name, bool refresh = false, CancellationToken ct = default) =>
        GetAsync<ScalableTargetDto>(TargetPath(name) + (refresh ? "?refresh=true" : ""), ct);

    /// <summary>Registers or changes a target; a new webhook target's secret is in the answer, this once.</summary>
    public Task<PutScalableTargetResponse> PutScalableTargetAsync(string name, PutScalableTargetRequest request, CancellationToken ct = default) =>
        SendAsync<PutScalableTargetResponse>(HttpMethod.Put, TargetPath(name), request, ct);

    /// <summary>Deregisters a target with its policies (and their managed alarms) and scheduled actions.</summary>
    public Task DeleteScalableTargetAsync(string name, CancellationToken ct = default) => SendAsync(HttpMethod.Delete, TargetPath(name), null, ct);

    public Task<ScalableTargetDto> SuspendScalingAsync(string name, SuspendScalingRequest? request = null, CancellationToken ct = default) =>
        PostAsync<ScalableTargetDto>(TargetPath(name) + "/suspend", request ?? new SuspendScalingRequest(), ct);

    public Task<ScalableTargetDto> ResumeScalingAsync(string name, SuspendScalingRequest? request = null, CancellationToken ct = default) =>
        PostAsync<ScalableTargetDto>(TargetPath(name) + "/resume", request ?? new SuspendScalingRequest(), ct);

    /// <summary>Sets the desired capacity by hand; the answer is the activity (Successful or Failed).</summary>
    public Task<ScalingActivityDto> SetDesiredCapacityAsync(string name, int desiredCapacity, string? reason = null, CancellationToken ct = default) =>
        PostAsync<ScalingActivityDto>(TargetPath(name) + "/desired-capacity", new SetDesiredCapacityRequest { DesiredCapacity = desiredCapacity, Reason = reason }, ct);

    public Task<ListScalingPoliciesResponse> ListScalingPoliciesAsync(string target, CancellationToken ct = default) =>
        GetAsync<ListScalingPoliciesResponse>(TargetPath(target) + "/policies", ct);

    public Task<ScalingPolicyDto> GetScalingPolicyAsync(string target, string policy, CancellationToken ct = default) =>
        GetAsync<ScalingPolicyDto>(TargetPath(target) + "/policies/" + Segment(policy), ct);

    public Task<ScalingPolicyDto> PutScalingPolicyAsync(string target, string policy, PutScalingPolicyRequest request, CancellationToken ct = default) =>
        SendAsync<ScalingPolicyDto>(HttpMethod.Put, TargetPath(target) + "/policies/" + Segment(policy), request, ct);

    public Task DeleteScalingPolicyAsync(string target, string policy, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, TargetPath(target) + "/policies/" + Segment(policy), null, ct);

    public Task<ListScheduledActionsResponse> ListScheduledActionsAsync(string target, CancellationToken ct = default) =>
        GetAsync<ListScheduledActionsResponse>(TargetPath(target) + "/scheduled-actions", ct);

    public Task<ScheduledActionDto> PutScheduledActionAsync(string target, string action, PutScheduledActionRequest request, CancellationToken ct = default) =>
        SendAsync<ScheduledActionDto>(HttpMethod.Put, TargetPath(target) + "/scheduled-actions/" + Segment(action), request, ct);

    public Task DeleteScheduledActionAsync(string target, string action, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, TargetPath(target) + "/scheduled-actions/" + Segment(action), null, ct);

    /// <summary>Activities newest first, of one target or all; <paramref name="nextToken"/> from the previous page.</summary>
    public Task<ListScalingActivitiesResponse> ListScalingActivitiesAsync(string? target = null, int? maxRecords = null, string? nextToken = null, CancellationToken ct = default)
    {
        var q = new StringBuilder("api/v1/scaling/activities?");
        Add(q, "target", target);
        Add(q, "maxRecords", maxRecords?.ToString(CultureInfo.InvariantCulture));
        Add(q, "nextToken", nextToken);
        return GetAsync<ListScalingActivitiesResponse>(q.ToString(), ct);
    }

    private static string TargetPath(string name) => "api/v1/scaling/targets/" + Segment(name);
}
