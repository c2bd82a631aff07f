using System.CommandLine;
using Crema.Client.Contracts;
using Spectre.Console;

namespace Crema.Cli.Commands;

/// <summary>`crema scaling schedule list|put|delete`: scheduled actions of a target.</summary>
internal static class ScalingScheduleCommands
{
    public static Command Create()
    {
        var cmd = new Command("schedule", "Scheduled actions: set min, max and/or desired capacity at a time or on a cron schedule");
        var target = new Argument<string>("TARGET") { Description = "Target name" };
        var name = new Argument<string>("NAME") { Description = "Scheduled action name" };

        var list = new Command("list", "List a target's scheduled actions and when they run next") { target };
        list.SetAction((pr, ct) => ScalingCommands.Run(pr, async client =>
        {
            var actions = (await client.ListScheduledActionsAsync(pr.GetValue(target)!, ct).ConfigureAwait(false)).ScheduledActions;
            if (CliIo.Json(pr))
            {
                CliIo.PrintJson(actions);
                return 0;
            }
            if (actions.Count == 0)
            {
                Console.WriteLine("No scheduled actions.");
                return 0;
            }
            var table = new Table().AddColumn("Name").AddColumn("Schedule").AddColumn("Zone").AddColumn("Min").AddColumn("Max").AddColumn("Desired").AddColumn("Next run").AddColumn("Last run");
            foreach (var a in actions)
            {
                table.AddRow(Markup.Escape(a.Name), Markup.Escape(a.Schedule), Markup.Escape(a.TimeZone), Opt(a.MinCapacity), Opt(a.MaxCapacity), Opt(a.DesiredCapacity),
                    CliIo.Time(a.NextRunAt), CliIo.Time(a.LastRunAt));
            }
            CliIo.Write(table);
            return 0;
        }));
        cmd.Subcommands.Add(list);

        var schedule = new Option<string>("--schedule", "-s") { Description = "at(2025-03-03T07:15:00) or cron(15 7 * * MON-FRI)", Required = true };
        var zone = new Option<string?>("--tz") { Description = "IANA time zone (default: this machine's zone, else UTC)" };
        var min = new Option<int?>("--min") { Description = "New minimum capacity" };
        var max = new Option<int?>("--max") { Description = "New maximum capacity" };
        var desired = new Option<int?>("--desired") { Description = "New desired capacity" };
        var from = new Option<string?>("--start") { Description = "No occurrence before this time (ISO-8601)" };
        var until = new Option<string?>("--end") { Description = "No occurrence after this time (ISO-8601)" };
        var put = new Command("put", "Create or replace a scheduled action") { target, name, schedule, zone, min, max, desired, from, until };
        put.SetAction((pr, ct) =>
        {
            DateTimeOffset? start = null, end = null;
            if (pr.GetValue(from) is { } f)
            {
                if (!MetricsCommands.TryTime(f, out var s)) return Task.FromResult(MetricsCommands.Fail($"--start '{f}' must be ISO-8601 or epoch seconds"));
                start = s;
            }
            if (pr.GetValue(until) is { } u)
            {
                if (!MetricsCommands.TryTime(u, out var e)) return Task.FromResult(MetricsCommands.Fail($"--end '{u}' must be ISO-8601 or epoch seconds"));
                end = e;
            }
            var request = new PutScheduledActionRequest
            {
                Schedule = pr.GetValue(schedule),
                TimeZone = pr.GetValue(zone) ?? (TimeZoneInfo.Local.HasIanaId ? TimeZoneInfo.Local.Id : "UTC"),
                MinCapacity = pr.GetValue(min),
                MaxCapacity = pr.GetValue(max),
                DesiredCapacity = pr.GetValue(desired),
                StartTime = start,
                EndTime = end,
            };
            return ScalingCommands.Run(pr, async client =>
            {
                var a = await client.PutScheduledActionAsync(pr.GetValue(target)!, pr.GetValue(name)!, request, ct).ConfigureAwait(false);
                if (CliIo.Json(pr)) CliIo.PrintJson(a);
                else Console.WriteLine($"Scheduled action {a.Name} of {a.TargetName}: {a.Schedule} ({a.TimeZone}); next run {CliIo.Time(a.NextRunAt)}.");
                return 0;
            });
        });
        cmd.Subcommands.Add(put);

        var delete = new Command("delete", "Delete a scheduled action") { target, name };
        delete.SetAction((pr, ct) => ScalingCommands.Run(pr, async client =>
        {
            await client.DeleteScheduledActionAsync(pr.GetValue(target)!, pr.GetValue(name)!, ct).ConfigureAwait(false);
            if (CliIo.Json(pr)) CliIo.PrintJson(new { target = pr.GetValue(target), scheduledAction = pr.GetValue(name), deleted = true });
            else Console.WriteLine($"Deleted scheduled action {pr.GetValue(name)} of {pr.GetValue(target)}.");
            return 0;
        }));
        cmd.Subcommands.Add(delete);
        return cmd;
    }

    private static string Opt(int? n) => n is { } v ? ScalingCommands.N(v) : "-";
}
