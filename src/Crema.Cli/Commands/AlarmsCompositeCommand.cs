using System.CommandLine;
using Crema.Client.Contracts;
using Spectre.Console;

namespace Crema.Cli.Commands;

/// <summary>`crema alarms put-composite NAME --rule …`: create or replace a composite alarm, and how show prints one.</summary>
internal static class AlarmsCompositeCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "Composite alarm name" };
        var rule = new Option<string>("--rule")
        {
            Description = "A rule over other alarms' states, e.g. 'ALARM(\"wait-Central\") AND NOT OK(\"milk-low-Central\")' (AND, OR, NOT, parentheses, TRUE, FALSE)",
            Required = true,
        };
        var description = new Option<string?>("--description") { Description = "What the alarm means and what to do" };
        var alarmActions = new Option<string[]>("--alarm-action") { Description = "Topic notified on entering ALARM (repeatable)" };
        var okActions = new Option<string[]>("--ok-action") { Description = "Topic notified on entering OK (repeatable)" };
        var insufficientActions = new Option<string[]>("--insufficient-data-action") { Description = "Topic notified on entering INSUFFICIENT_DATA (repeatable)" };
        var actionsDisabled = new Option<bool>("--actions-disabled") { Description = "Create it with its actions off (enable later with `crema alarms enable`)" };
        var cmd = new Command("put-composite", "Create or replace a composite alarm: ALARM while its rule over other alarms' states is true")
        {
            name, rule, description, alarmActions, okActions, insufficientActions, actionsDisabled,
        };
        cmd.SetAction(async (pr, ct) =>
        {
            var alarmName = pr.GetValue(name)!;
            var request = new PutCompositeAlarmRequest
            {
                AlarmRule = pr.GetValue(rule),
                AlarmDescription = pr.GetValue(description),
                ActionsEnabled = !pr.GetValue(actionsDisabled),
                AlarmActions = pr.GetValue(alarmActions) ?? [],
                OkActions = pr.GetValue(okActions) ?? [],
                InsufficientDataActions = pr.GetValue(insufficientActions) ?? [],
            };
            var client = MetricsCommands.Client(pr);

            // The server owns the rule's grammar: its error (with the position) is printed as it comes.
            return await CliIo.Run(async () =>
            {
                var alarm = await client.PutCompositeAlarmAsync(alarmName, request, ct).ConfigureAwait(false);
                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(alarm);
                    return 0;
                }

                AnsiConsole.MarkupLine($"[green]Saved[/] composite alarm {Markup.Escape(alarm.AlarmName)}: {Markup.Escape(alarm.AlarmRule)}, now {AlarmsText.StateMarkup(alarm.StateValue)}");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    /// <summary>One composite alarm as a grid: rule, state, reason and actions.</summary>
    public static void RenderOne(CompositeAlarmDto c, DateTimeOffset now)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("Name", Markup.Escape(c.AlarmName));
        grid.AddRow("Type", "composite");
        grid.AddRow("Description", Markup.Escape(c.AlarmDescription ?? "-"));
        grid.AddRow("State", AlarmsText.StateMarkup(c.StateValue) + " since " + CliIo.Time(c.StateUpdatedTimestamp) + " (" + AlarmsText.Ago(c.StateUpdatedTimestamp, now) + ")");
        grid.AddRow("Reason", Markup.Escape(c.StateReason));
        grid.AddRow("Rule", Markup.Escape(c.AlarmRule));
        grid.AddRow("Actions enabled", c.ActionsEnabled ? "yes" : "[yellow]no[/]");
        grid.AddRow("Alarm actions", AlarmsCommands.List(c.AlarmActions));
        grid.AddRow("OK actions", AlarmsCommands.List(c.OkActions));
        grid.AddRow("Insufficient data actions", AlarmsCommands.List(c.InsufficientDataActions));
        CliIo.Write(grid);
    }
}
