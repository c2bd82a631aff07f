using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Crema.Client.Contracts;

namespace Crema.Client;

/// <summary>Metric alarms: create or replace, describe, state for testing, history, actions on and off, delete.</summary>
public sealed partial class CremaClient
{
    /// <summary>Creates or replaces the alarm <paramref name="name"/>; a new alarm starts in INSUFFICIENT_DATA.</summary>
    public Task<MetricAlarmDto> PutMetricAlarmAsync(string name, PutMetricAlarmRequest request, CancellationToken ct = default) =>
        SendAsync<MetricAlarmDto>(HttpMethod.Put, AlarmPath(name), request, ct);

    /// <summary>Creates or replaces the alarm <paramref name="name"/> from a PutMetricAlarm body given as JSON text, sent unchanged.</summary>
    public async Task<MetricAlarmDto> PutMetricAlarmJsonAsync(string name, string json, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(AlarmPath(name), UriKind.Relative))
        {
            Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        using var resp = await _http.SendAsync(request, ct).ConfigureAwait(false);
        return await ReadAsync<MetricAlarmDto>(resp, ct).ConfigureAwait(false);
    }

    /// <summary>One page of alarms, filtered by state (OK, ALARM, INSUFFICIENT_DATA), name prefix and action prefix; pass NextToken back for the next.</summary>
    public Task<DescribeAlarmsResponse> DescribeAlarmsAsync(string? stateValue = null, string? alarmNamePrefix = null, string? actionPrefix = null,
        int? maxRecords = null, string? nextToken = null, CancellationToken ct = default)
    {
        var q = new StringBuilder("api/v1/alarms?");
        Add(q, "stateValue", stateValue);
        Add(q, "alarmNamePrefix", alarmNamePrefix);
        Add(q, "actionPrefix", actionPrefix);
        Add(q, "maxRecords", maxRecords?.ToString(CultureInfo.InvariantCulture));
        Add(q, "nextToken", nextToken);
        return GetAsync<DescribeAlarmsResponse>(q.ToString(), ct);
    }

    /// <summary>One alarm with its state; a 404 <see cref="CremaApiException"/> when there is none of that name.</summary>
    public Task<MetricAlarmDto> GetAlarmAsync(string name, CancellationToken ct = default) => GetAsync<MetricAlarmDto>(AlarmPath(name), ct);

    /// <summary>Deletes an alarm and its history.</summary>
    public Task DeleteAlarmAsync(string name, CancellationToken ct = default) => SendAsync(HttpMethod.Delete, AlarmPath(name), null, ct);

    /// <summary>Sets the state by hand (for testing actions); the next evaluation decides again from the data.</summary>
    public Task SetAlarmStateAsync(string name, SetAlarmStateRequest request, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, AlarmPath(name) + "/state", request, ct);

    /// <summary>One page of the alarm's history, newest first, filtered by type (StateUpdate, ConfigurationUpdate, Action) and time.</summary>
    public Task<DescribeAlarmHistoryResponse> DescribeAlarmHistoryAsync(string name, string? historyItemType = null, DateTimeOffset? startDate = null,
        DateTimeOffset? endDate = null, int? maxRecords = null, string? nextToken = null, CancellationToken ct = default)
    {
        var q = new StringBuilder(AlarmPath(name)).Append("/history?");
        Add(q, "historyItemType", historyItemType);
        Add(q, "startDate", Iso(startDate));
        Add(q, "endDate", Iso(endDate));
        Add(q, "maxRecords", maxRecords?.ToString(CultureInfo.InvariantCulture));
        Add(q, "nextToken", nextToken);
        return GetAsync<DescribeAlarmHistoryResponse>(q.ToString(), ct);
    }

    /// <summary>Lets the alarm run its actions on state changes again.</summary>
    public Task EnableAlarmActionsAsync(string name, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, AlarmPath(name) + "/actions/enable", null, ct);

    /// <summary>Keeps evaluating the alarm but runs none of its actions.</summary>
    public Task DisableAlarmActionsAsync(string name, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, AlarmPath(name) + "/actions/disable", null, ct);

    /// <summary>
    /// What the alarm <paramref name="alarm"/> would have seen and done over stored data between <paramref name="startTime"/> and
    /// <paramref name="endTime"/> (default: the last 24 hours): per-period datapoints marked breaching or not, and its state
    /// changes. Nothing is saved.
    /// </summary>
    public Task<AlarmPreviewResponse> PreviewMetricAlarmAsync(PutMetricAlarmRequest alarm, DateTimeOffset? startTime = null, DateTimeOffset? endTime = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        var body = System.Text.Json.JsonSerializer.SerializeToNode(alarm, CremaJson.Options)!.AsObject();
        if (startTime is { } s) body["startTime"] = s;
        if (endTime is { } e) body["endTime"] = e;
        return SendAsync<AlarmPreviewResponse>(HttpMethod.Post, "api/v1/alarms/preview", body, ct);
    }

    /// <summary>Creates or replaces the composite alarm <paramref name="name"/> (a rule over other alarms' states); it is evaluated at once.</summary>
    public Task<CompositeAlarmDto> PutCompositeAlarmAsync(string name, PutCompositeAlarmRequest request, CancellationToken ct = default) =>
        SendAsync<CompositeAlarmDto>(HttpMethod.Put, CompositePath(name), request, ct);

    /// <summary>One composite alarm with its state; a 404 <see cref="CremaApiException"/> when there is none of that name.</summary>
    public Task<CompositeAlarmDto> GetCompositeAlarmAsync(string name, CancellationToken ct = default) => GetAsync<CompositeAlarmDto>(CompositePath(name), ct);

    /// <summary>Every composite alarm the caller may describe, by name.</summary>
    public Task<DescribeCompositeAlarmsResponse> DescribeCompositeAlarmsAsync(CancellationToken ct = default) =>
        GetAsync<DescribeCompositeAlarmsResponse>("api/v1/composite-alarms", ct);

    /// <summary>Deletes a composite alarm (refused while another composite's rule reads it).</summary>
    public Task DeleteCompositeAlarmAsync(string name, CancellationToken ct = default) => SendAsync(HttpMethod.Delete, CompositePath(name), null, ct);

    private static string CompositePath(string name) => "api/v1/composite-alarms/" + Segment(name);

    private static string AlarmPath(string name) => "api/v1/alarms/" + Segment(name);
}
