using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crema.Client;
using Crema.Client.Contracts;
using Spectre.Console;

namespace Crema.Cli.Commands;

/// <summary>
/// `crema alarms put|put-composite|describe|show|history|set-state|delete|enable|disable`: metric and composite alarms
/// from the command line; every verb but the two puts takes either kind by name.
/// </summary>
internal static class AlarmsCommands
{
    /// <summary>Longest reason describe shows in its table; show prints it whole.</summary>
    private const int TableReasonLength = 100;

    // For people: indented, and '+' or quotes in times and reasons left as they are rather than \u-escaped.
    private static readonly JsonSerializerOptions Indented = new(CremaJson.Options) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var cmd = new Command("alarms", "Metric and composite alarms: create, list by state, inspect, test and delete");
        cmd.Subcommands.Add(AlarmsPutCommand.Create());
        cmd.Subcommands.Add(AlarmsCompositeCommand.Create());
        cmd.Subcommands.Add(Describe());
        cmd.Subcommands.Add(Show());
        cmd.Subcommands.Add(History());
        cmd.Subcommands.Add(SetState());
        cmd.Subcommands.Add(Delete());
        cmd.Subcommands.Add(SetActions("enable", enable: true, "Run the alarm's actions on state changes again"));
        cmd.Subcommands.Add(SetActions("disable", enable: false, "Keep evaluating the alarm but run none of its actions"));
        MuteCommands.AddTo(cmd);
        return cmd;
    }

    private static Argument<string> Name() => new("NAME") { Description = "Alarm name" };

    private static Command Describe()
    {
        var state = new Option<string?>("--state") { Description = "Only alarms in this state: OK, ALARM or INSUFFICIENT_DATA" };
        var prefix = new Option<string?>("--prefix") { Description = "Only alarms whose name starts with this" };
        var actionPrefix = new Option<string?>("--action-prefix") { Description = "Only alarms with an action starting with this" };
        var type = new Option<string>("--type")
        {
            Description = "metric, composite or all (default); with --json, all prints {metricAlarms, compositeAlarms} like CloudWatch's DescribeAlarms and the others a list",
            DefaultValueFactory = _ => "all",
        };
        var cmd = new Command("describe", "List alarms (metric and composite) grouped by state, ALARM first") { state, prefix, actionPrefix, type };
        cmd.SetAction(async (pr, ct) =>
        {
            string? stateValue = null;
            if (pr.GetValue(state) is { } s && (stateValue = AlarmsText.NormalizeState(s)) is null)
                return MetricsCommands.Fail($"--state '{s}' must be OK, ALARM or INSUFFICIENT_DATA");
            var kind = pr.GetValue(type)!.Trim().ToLowerInvariant();
            if (kind is not ("all" or "metric" or "composite")) return MetricsCommands.Fail($"--type '{pr.GetValue(type)}' must be metric, composite or all");
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var alarms = new List<MetricAlarmDto>();
                if (kind != "composite")
                {
                    string? token = null;
                    do
                    {
                        var page = await client.DescribeAlarmsAsync(stateValue, pr.GetValue(prefix), pr.GetValue(actionPrefix), null, token, ct).ConfigureAwait(false);
                        alarms.AddRange(page.MetricAlarms);
                        token = page.NextToken;
                    }
                    while (token is not null);
                }

                var composites = new List<CompositeAlarmDto>();
                if (kind != "metric")
                {
                    // The server lists every composite; the filters of DescribeAlarms apply here.
                    foreach (var c in (await client.DescribeCompositeAlarmsAsync(ct).ConfigureAwait(false)).CompositeAlarms)
                    {
                        if (stateValue is not null && c.StateValue != stateValue) continue;
                        if (pr.GetValue(prefix) is { } p && !c.AlarmName.StartsWith(p, StringComparison.Ordinal)) continue;
                        if (pr.GetValue(actionPrefix) is { } ap && !c.AlarmActions.Concat(c.OkActions).Concat(c.InsufficientDataActions).Any(a => a.StartsWith(ap, StringComparison.Ordinal))) continue;
                        composites.Add(c);
                    }
                }

                if (CliIo.Json(pr))
                {
                    if (kind == "metric") CliIo.PrintJson(alarms);
                    else if (kind == "composite") CliIo.PrintJson(composites);
                    else CliIo.PrintJson(new { metricAlarms = alarms, compositeAlarms = composites });
                    return 0;
                }

                var rows = new List<AlarmRow>(alarms.Count + composites.Count);
                foreach (var a in alarms) rows.Add(new AlarmRow(a.AlarmName, a.StateValue, AlarmsText.Metric(a), AlarmsText.Condition(a), a.StateUpdatedTimestamp, a.StateReason));
                foreach (var c in composites) rows.Add(new AlarmRow(c.AlarmName, c.StateValue, "composite", c.AlarmRule, c.StateUpdatedTimestamp, c.StateReason));
                RenderList(rows, TimeProvider.System.GetUtcNow());
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    /// <summary>One line of describe: a metric alarm, or a composite one (its rule as the condition).</summary>
    private sealed record AlarmRow(string Name, string State, string Metric, string Condition, DateTimeOffset Since, string Reason);

    private static void RenderList(List<AlarmRow> alarms, DateTimeOffset now)
    {
        if (alarms.Count == 0)
        {
            Console.WriteLine("No alarms.");
            return;
        }

        alarms.Sort((a, b) =>
        {
            var byState = AlarmsText.StateRank(a.State).CompareTo(AlarmsText.StateRank(b.State));
            return byState != 0 ? byState : string.CompareOrdinal(a.Name, b.Name);
        });
        var counts = new List<string>();
        foreach (var s in AlarmsText.StateOrder)
            counts.Add($"[{AlarmsText.StateColour(s)}]{s} {alarms.Count(a => a.State == s)}[/]");
        AnsiConsole.MarkupLine(string.Join("   ", counts));

        var table = new Table().AddColumn("Name").AddColumn("State").AddColumn("Metric").AddColumn("Condition").AddColumn("Since (UTC)").AddColumn("Reason");
        string? group = null;
        foreach (var a in alarms)
        {
            if (group is not null && group != a.State) table.AddEmptyRow();
            group = a.State;
            var reason = a.Reason.Length > TableReasonLength ? a.Reason[..(TableReasonLength - 1)] + "…" : a.Reason;
            table.AddRow(Markup.Escape(a.Name), AlarmsText.StateMarkup(a.State), Markup.Escape(a.Metric), Markup.Escape(a.Condition),
                CliIo.Time(a.Since) + " (" + AlarmsText.Ago(a.Since, now) + ")", Markup.Escape(reason));
        }

        CliIo.Write(table);
        Console.WriteLine($"{alarms.Count} alarm(s)");
    }

    private static Command Show()
    {
        var name = Name();
        var cmd = new Command("show", "Show one alarm (metric or composite): its definition, state, reason and reason data") { name };
        cmd.SetAction(async (pr, ct) =>
        {
            var alarmName = pr.GetValue(name)!;
            var client = MetricsCommands.Client(pr);
            return await Run(alarmName, async () =>
            {
                MetricAlarmDto a;
                try
                {
                    a = await client.GetAlarmAsync(alarmName, ct).ConfigureAwait(false);
                }
                catch (CremaApiException ex) when (ex.Status == 404)
                {
                    // Not a metric alarm: perhaps a composite one (a 404 from this call says neither exists).
                    var c = await client.GetCompositeAlarmAsync(alarmName, ct).ConfigureAwait(false);
                    if (CliIo.Json(pr)) CliIo.PrintJson(c);
                    else AlarmsCompositeCommand.RenderOne(c, TimeProvider.System.GetUtcNow());
                    return 0;
                }

                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(a);
                    return 0;
                }

                RenderOne(a, TimeProvider.System.GetUtcNow());
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static void RenderOne(MetricAlarmDto a, DateTimeOffset now)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("Name", Markup.Escape(a.AlarmName));
        grid.AddRow("Description", Markup.Escape(a.AlarmDescription ?? "-"));
        grid.AddRow("State", AlarmsText.StateMarkup(a.StateValue) + " since " + CliIo.Time(a.StateUpdatedTimestamp) + " (" + AlarmsText.Ago(a.StateUpdatedTimestamp, now) + ")");
        grid.AddRow("Reason", Markup.Escape(a.StateReason));
        grid.AddRow("Condition", Markup.Escape(AlarmsText.Condition(a)));
        grid.AddRow("Metric", Markup.Escape(AlarmsText.Metric(a)));
        if (a.Metrics is not { Count: > 0 })
        {
            grid.AddRow("Statistic", Markup.Escape(a.Statistic ?? "-"));
            grid.AddRow("Unit", Markup.Escape(a.Unit ?? "-"));
        }

        grid.AddRow("Period", AlarmsText.Period(a).ToString(CultureInfo.InvariantCulture) + " s");
        grid.AddRow("Evaluation periods", a.EvaluationPeriods.ToString(CultureInfo.InvariantCulture));
        grid.AddRow("Datapoints to alarm", a.DatapointsToAlarm is { } m ? m.ToString(CultureInfo.InvariantCulture) : $"- (all {a.EvaluationPeriods})");
        grid.AddRow("Comparison", Markup.Escape(a.ComparisonOperator));
        grid.AddRow("Threshold", a.Threshold is { } t ? AlarmsText.Number(t) : Markup.Escape(a.ThresholdMetricId is { } id ? "band " + id : "-"));
        grid.AddRow("Treat missing data", Markup.Escape(a.TreatMissingData));
        grid.AddRow("Actions enabled", a.ActionsEnabled ? "yes" : "[yellow]no[/]");
        grid.AddRow("Alarm actions", List(a.AlarmActions));
        grid.AddRow("OK actions", List(a.OkActions));
        grid.AddRow("Insufficient data actions", List(a.InsufficientDataActions));
        grid.AddRow("Configuration updated", CliIo.Time(a.AlarmConfigurationUpdatedTimestamp));
        CliIo.Write(grid);
        if (a.Metrics is { Count: > 0 } queries)
        {
            Console.WriteLine("Metrics:");
            Console.WriteLine(JsonSerializer.Serialize(queries, Indented));
        }

        if (a.StateReasonData is { } data)
        {
            Console.WriteLine("Reason data:");
            Console.WriteLine(data.ToJsonString(Indented));
        }
    }

    internal static string List(IReadOnlyList<string> items) => items.Count == 0 ? "-" : Markup.Escape(string.Join(", ", items));

    private static Command History()
    {
        var name = Name();
        var type = new Option<string?>("--type") { Description = "Only StateUpdate, ConfigurationUpdate or Action items" };
        var since = new Option<string?>("--since") { Description = "How far back: 15m, 3h, 7d" };
        var from = new Option<string?>("--from") { Description = "Start (ISO-8601, epoch seconds or a duration ago)" };
        var to = new Option<string?>("--to") { Description = "End (ISO-8601, epoch seconds or a duration ago)" };
        var limit = new Option<int>("--limit") { Description = "Items to show (at most; default 100)", DefaultValueFactory = _ => 100 };
        var cmd = new Command("history", "An alarm's state changes, configuration updates and actions, newest first") { name, type, since, from, to, limit };
        cmd.SetAction(async (pr, ct) =>
        {
            string? itemType = null;
            if (pr.GetValue(type) is { } t && (itemType = AlarmsText.NormalizeHistoryType(t)) is null)
                return MetricsCommands.Fail($"--type '{t}' must be StateUpdate, ConfigurationUpdate or Action");
            if (!CliIo.TryRange(pr.GetValue(since), pr.GetValue(from), pr.GetValue(to), TimeProvider.System.GetUtcNow(), out var start, out var end, out var error))
                return MetricsCommands.Fail(error!);
            var max = pr.GetValue(limit);
            if (max < 1) return MetricsCommands.Fail("--limit must be 1 or more");
            var alarmName = pr.GetValue(name)!;
            var client = MetricsCommands.Client(pr);
            return await Run(alarmName, async () =>
            {
                var items = new List<AlarmHistoryItemDto>();
                string? token = null;
                do
                {
                    var page = await client.DescribeAlarmHistoryAsync(alarmName, itemType, start, end, Math.Min(100, max - items.Count), token, ct).ConfigureAwait(false);
                    items.AddRange(page.AlarmHistoryItems);
                    token = page.NextToken;
                }
                while (token is not null && items.Count < max);
                if (items.Count > max) items.RemoveRange(max, items.Count - max);

                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(items);
                    return 0;
                }

                if (items.Count == 0)
                {
                    Console.WriteLine($"No history for alarm {alarmName}" + (itemType is null ? "" : $" of type {itemType}") + " in that range.");
                    return 0;
                }

                var table = new Table().AddColumn("Time (UTC)").AddColumn("Type").AddColumn("Summary").AddColumn("Reason");
                foreach (var i in items)
                    table.AddRow(CliIo.Time(i.Timestamp), Markup.Escape(i.HistoryItemType), Markup.Escape(i.HistorySummary), Markup.Escape(HistoryReason(i) ?? ""));
                CliIo.Write(table);
                Console.WriteLine($"{items.Count} item(s)");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    /// <summary>The new state's reason of a StateUpdate item (CloudWatch's historyData.newState.stateReason), or an action's error.</summary>
    private static string? HistoryReason(AlarmHistoryItemDto item)
    {
        if (item.HistoryData is not { } data) return null;
        if (data["newState"] is JsonObject newState && newState["stateReason"] is JsonValue reason && reason.TryGetValue<string>(out var text)) return text;
        if (data["error"] is JsonValue error && error.TryGetValue<string>(out var message)) return message;
        return null;
    }

    private static Command SetState()
    {
        var name = Name();
        var state = new Option<string>("--state") { Description = "OK, ALARM or INSUFFICIENT_DATA", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why, in words (kept in the history)", Required = true };
        var reasonData = new Option<string?>("--reason-data") { Description = "Machine-readable reason: a JSON object" };
        var cmd = new Command("set-state", "Set the state by hand to test actions; the next evaluation decides again from the data") { name, state, reason, reasonData };
        cmd.SetAction(async (pr, ct) =>
        {
            var s = pr.GetValue(state)!;
            if (AlarmsText.NormalizeState(s) is not { } stateValue) return MetricsCommands.Fail($"--state '{s}' must be OK, ALARM or INSUFFICIENT_DATA");
            JsonObject? data = null;
            if (pr.GetValue(reasonData) is { } raw)
            {
                try
                {
                    data = JsonNode.Parse(raw) as JsonObject;
                }
                catch (JsonException)
                {
                }

                if (data is null) return MetricsCommands.Fail("--reason-data must be a JSON object");
            }

            var alarmName = pr.GetValue(name)!;
            var client = MetricsCommands.Client(pr);
            return await Run(alarmName, async () =>
            {
                await client.SetAlarmStateAsync(alarmName, new SetAlarmStateRequest { StateValue = stateValue, StateReason = pr.GetValue(reason), StateReasonData = data }, ct)
                    .ConfigureAwait(false);
                if (CliIo.Json(pr)) CliIo.PrintJson(new { alarmName, stateValue });
                else AnsiConsole.MarkupLine($"Alarm {Markup.Escape(alarmName)} set to {AlarmsText.StateMarkup(stateValue)} (the next evaluation decides again from the data).");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Delete()
    {
        var name = Name();
        var cmd = new Command("delete", "Delete an alarm (metric or composite) and its history") { name };
        cmd.SetAction(async (pr, ct) =>
        {
            var alarmName = pr.GetValue(name)!;
            var client = MetricsCommands.Client(pr);
            return await Run(alarmName, async () =>
            {
                await client.DeleteAlarmAsync(alarmName, ct).ConfigureAwait(false);
                if (CliIo.Json(pr)) CliIo.PrintJson(new { alarmName, deleted = true });
                else Console.WriteLine($"Deleted alarm {alarmName}.");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command SetActions(string verb, bool enable, string description)
    {
        var name = Name();
        var cmd = new Command(verb, description) { name };
        cmd.SetAction(async (pr, ct) =>
        {
            var alarmName = pr.GetValue(name)!;
            var client = MetricsCommands.Client(pr);
            return await Run(alarmName, async () =>
            {
                if (enable) await client.EnableAlarmActionsAsync(alarmName, ct).ConfigureAwait(false);
                else await client.DisableAlarmActionsAsync(alarmName, ct).ConfigureAwait(false);
                if (CliIo.Json(pr)) CliIo.PrintJson(new { alarmName, actionsEnabled = enable });
                else Console.WriteLine($"Actions of alarm {alarmName} {(enable ? "enabled" : "disabled")}.");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    /// <summary>As <see cref="CliIo.Run"/>, but a 404 says which alarm is missing.</summary>
    internal static Task<int> Run(string alarmName, Func<Task<int>> action) => CliIo.Run(async () =>
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (CremaApiException ex) when (ex.Status == 404)
        {
            return MetricsCommands.Fail($"alarm '{alarmName}' not found (HTTP 404)");
        }
    });
}
