using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Crema.Core.Alarms;
using Crema.Server.Notifications;
using Crema.Server.Security;
using Crema.Storage.Alarms;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Crema.Server.Alarms;

/// <summary>
/// Turns an alarm's state change into a notification on each of its action topics, and each delivery's
/// final outcome (or a topic that does not exist) into an "Action" item of the alarm's history.
/// </summary>
internal sealed class AlarmNotifier : IHostedService
{
    private readonly AlarmService _alarms;
    private readonly NotificationPublisher _publisher;
    private readonly Hosting.StorageHost _storage;
    private readonly IServer _server;
    private readonly TimeProvider _time;
    private readonly MuteService _mutes;

    public AlarmNotifier(AlarmService alarms, NotificationPublisher publisher, Hosting.StorageHost storage, IServer server, TimeProvider time, MuteService mutes)
    {
        _mutes = mutes;
        _alarms = alarms;
        _publisher = publisher;
        _storage = storage;
        _server = server;
        _time = time;

        // Subscribed when built (before any hosted service starts), so deliveries resumed at start-up are not missed.
        _alarms.ActionRequested += OnActionAsync;
        _publisher.Delivered += OnDeliveredAsync;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The message for one state change: a JSON body for webhooks, a sentence for Slack, mail and the log.</summary>
    internal static NotificationMessage Message(AlarmActionRequest request, string? consoleBase)
    {
        var a = request.Alarm;
        var link = consoleBase is null ? null : consoleBase.TrimEnd('/') + "/#/alarms/" + Uri.EscapeDataString(a.AlarmName);
        var metric = a.MetricName is null ? "a metric-math expression" : $"{a.Statistic} {a.Namespace}/{a.MetricName}";
        var dims = a.Dimensions is { Count: > 0 } d ? " (" + string.Join(", ", d.Select(x => $"{x.Name}={x.Value}")) + ")" : "";
        var subject = $"{a.StateValue}: \"{a.AlarmName}\" — {metric}{dims}";
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Alarm \"{a.AlarmName}\" changed from {request.PreviousState} to {a.StateValue}.").Append('\n')
            .Append(a.StateReason);
        if (a.AlarmDescription is { Length: > 0 } desc) text.Append('\n').Append(desc);
        if (link is not null) text.Append('\n').Append(link);
        var values = new JsonArray();
        foreach (var (at, value) in request.RecentValues) values.Add(new JsonObject { ["timestamp"] = at, ["value"] = value });
        var body = new JsonObject
        {
            ["type"] = "alarm.state-change",
            ["alarmName"] = a.AlarmName,
            ["alarmDescription"] = a.AlarmDescription,
            ["newState"] = a.StateValue,
            ["oldState"] = request.PreviousState,
            ["reason"] = a.StateReason,
            ["reasonData"] = a.StateReasonData?.DeepClone(),
            ["stateChangeTime"] = a.StateUpdatedTimestamp,
            ["trigger"] = new JsonObject
            {
                ["namespace"] = a.Namespace,
                ["metricName"] = a.MetricName,
                ["dimensions"] = new JsonArray([.. (a.Dimensions ?? []).Select(x => (JsonNode?)new JsonObject { ["name"] = x.Name, ["value"] = x.Value })]),
                ["statistic"] = a.Statistic,
                ["period"] = a.Period,
                ["evaluationPeriods"] = a.EvaluationPeriods,
                ["datapointsToAlarm"] = a.DatapointsToAlarm ?? a.EvaluationPeriods,
                ["comparisonOperator"] = a.ComparisonOperator,
                ["threshold"] = a.Threshold,
                ["treatMissingData"] = a.TreatMissingData,
            },
            ["recentValues"] = values,
            ["link"] = link,
        };
        return new NotificationMessage("alarm", a.AlarmName, subject, text.ToString(), body, link);
    }

    private async Task OnActionAsync(AlarmActionRequest request)
    {
        // A mute window silences the action; the state change stands and the history says which window and why.
        if (await _mutes.SuppressAsync(request).ConfigureAwait(false)) return;
        try
        {
            await _publisher.PublishAsync(request.Action, Message(request, ConsoleBase()), CancellationToken.None).ConfigureAwait(false);
        }
        catch (IdentityException ex)
        {
            // The topic does not exist (an alarm may name one before it is made, as in CloudWatch): say so in the history.
            await RecordAsync(request.Alarm.AlarmName, request.Action, request.Alarm.StateValue, false, ex.Message).ConfigureAwait(false);
        }
    }

    private Task OnDeliveredAsync(DeliveryOutcome outcome)
    {
        if (outcome.SourceType != "alarm") return Task.CompletedTask;
        var state = _alarms.Describe(outcome.SourceName)?.StateValue ?? "INSUFFICIENT_DATA";
        var action = $"{outcome.TopicName} ({outcome.Protocol} {outcome.EndpointRedacted})";
        var error = outcome.Succeeded ? null : $"{outcome.Error} after {outcome.Attempts} attempt(s)";
        return RecordAsync(outcome.SourceName, action, state, outcome.Succeeded, error);
    }

    private Task RecordAsync(string alarmName, string action, string stateName, bool succeeded, string? error)
    {
        if (!AlarmStates.TryParse(stateName, out var state)) state = AlarmState.InsufficientData;
        var item = AlarmStateMachine.ActionResult(alarmName, action, state, succeeded, error, _time.GetUtcNow());
        return _storage.Metadata.Alarms.AppendHistoryAsync([new AlarmHistoryRecord(0, item.AlarmName, item.Timestamp, item.Type.ToString(), item.Summary, item.DataJson)]);
    }

    private string? ConsoleBase() => _server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
}
