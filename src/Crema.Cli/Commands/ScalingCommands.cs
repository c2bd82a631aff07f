using System.CommandLine;
using System.Globalization;
using Crema.Client;
using Crema.Client.Contracts;
using Spectre.Console;

namespace Crema.Cli.Commands;

/// <summary>`crema scaling targets|policies|schedule|activities`: scalable targets, their policies and schedules, and what scaling did.</summary>
internal static class ScalingCommands
{
    public static Command Create()
    {
        var cmd = new Command("scaling", "Scale capacity (baristas, workers) on what the metrics say: targets, policies, schedules, activities");
        cmd.Subcommands.Add(Targets());
        cmd.Subcommands.Add(ScalingPolicyCommands.Create());
        cmd.Subcommands.Add(ScalingScheduleCommands.Create());
        cmd.Subcommands.Add(Activities());
        return cmd;
    }

    private static Command Targets()
    {
        var cmd = new Command("targets", "Scalable targets: list, show, create, delete, suspend, resume, set-desired");
        var list = new Command("list", "List scalable targets with their capacity");
        list.SetAction((pr, ct) => Run(pr, async client =>
        {
            var targets = (await client.ListScalableTargetsAsync(ct).ConfigureAwait(false)).Targets;
            if (CliIo.Json(pr))
            {
                CliIo.PrintJson(targets);
                return 0;
            }
            if (targets.Count == 0)
            {
                Console.WriteLine("No scalable targets.");
                return 0;
            }
            var table = new Table().AddColumn("Name").AddColumn("Min").AddColumn("Desired").AddColumn("Actual").AddColumn("Max").AddColumn("Suspended").AddColumn("Policies").AddColumn("Actuator");
            foreach (var t in targets)
            {
                table.AddRow(Markup.Escape(t.Name), N(t.MinCapacity), N(t.DesiredCapacity) + (t.FailedAttempts > 0 ? " [red](failing)[/]" : ""), t.ActualCapacity is { } a ? N(a) : "-",
                    N(t.MaxCapacity), Markup.Escape(Suspended(t)), Markup.Escape(string.Join(", ", t.Policies)), Markup.Escape(Actuator(t.Actuator)));
            }
            CliIo.Write(table);
            return 0;
        }));
        cmd.Subcommands.Add(list);

        var name = new Argument<string>("NAME") { Description = "Target name" };
        var refresh = new Option<bool>("--refresh") { Description = "Ask the actuator for the actual capacity first" };
        var show = new Command("show", "Show one target") { name, refresh };
        show.SetAction((pr, ct) => Run(pr, async client =>
        {
            var t = await client.GetScalableTargetAsync(pr.GetValue(name)!, pr.GetValue(refresh), ct).ConfigureAwait(false);
            if (CliIo.Json(pr)) CliIo.PrintJson(t);
            else Print(t);
            return 0;
        }));
        cmd.Subcommands.Add(show);

        cmd.Subcommands.Add(CreateCommand(name));

        var delete = new Command("delete", "Deregister a target with its policies (and their managed alarms) and scheduled actions") { name };
        delete.SetAction((pr, ct) => Run(pr, async client =>
        {
            await client.DeleteScalableTargetAsync(pr.GetValue(name)!, ct).ConfigureAwait(false);
            if (CliIo.Json(pr)) CliIo.PrintJson(new { name = pr.GetValue(name), deleted = true });
            else Console.WriteLine($"Deleted scalable target {pr.GetValue(name)}.");
            return 0;
        }));
        cmd.Subcommands.Add(delete);
        cmd.Subcommands.Add(SuspendCommand(name, true));
        cmd.Subcommands.Add(SuspendCommand(name, false));

        var capacity = new Argument<int>("CAPACITY") { Description = "The new desired capacity (within min and max)" };
        var reason = new Option<string?>("--reason", "-r") { Description = "Why (in the activity's cause)" };
        var setDesired = new Command("set-desired", "Set the desired capacity by hand; the actuator is called at once") { name, capacity, reason };
        setDesired.SetAction((pr, ct) => Run(pr, async client =>
        {
            var a = await client.SetDesiredCapacityAsync(pr.GetValue(name)!, pr.GetValue(capacity), pr.GetValue(reason), ct).ConfigureAwait(false);
            if (CliIo.Json(pr)) CliIo.PrintJson(a);
            else Console.WriteLine($"{a.Status}: {a.Cause}{(a.StatusMessage is { } m ? " — " + m : "")}");
            return a.Status == "Failed" ? CliIo.NotOk : 0;
        }));
        cmd.Subcommands.Add(setDesired);
        return cmd;
    }

    private static Command CreateCommand(Argument<string> name)
    {
        var min = new Option<int?>("--min") { Description = "Minimum capacity (required for a new target)" };
        var max = new Option<int?>("--max") { Description = "Maximum capacity (required for a new target)" };
        var desired = new Option<int?>("--desired") { Description = "The capacity in service now (default: the minimum); registering calls no actuator" };
        var unit = new Option<string?>("--unit") { Description = "What one unit is called in causes, e.g. baristas" };
        var webhook = new Option<string?>("--webhook") { Description = "Webhook actuator URL (Crema POSTs the desired capacity, signed; GET answers the actual one)" };
        var command = new Option<string?>("--command") { Description = "Command actuator: full path of a program (needs Scaling:AllowLocalCommands on the server)" };
        var args = new Option<string[]>("--arg") { Description = "Command argument before \"set N\" / \"get\" (repeatable)" };
        var timeout = new Option<int?>("--timeout") { Description = "Seconds to wait for the actuator (1–300)" };
        var protect = new Option<bool?>("--protect") { Description = "Scale-in protection: true or false" };
        var description = new Option<string?>("--description") { Description = "Description" };
        var cmd = new Command("create", "Register a scalable target, or change one (options left out keep their value)")
        {
            name, min, max, desired, unit, webhook, command, args, timeout, protect, description,
        };
        cmd.SetAction((pr, ct) =>
        {
            ScalingActuatorDto? actuator = null;
            if (pr.GetValue(webhook) is { } url && pr.GetValue(command) is not null) return Task.FromResult(MetricsCommands.Fail("give --webhook or --command, not both"));
            if (pr.GetValue(webhook) is { } w) actuator = new ScalingActuatorDto { Type = "webhook", Url = w, TimeoutSeconds = pr.GetValue(timeout) };
            else if (pr.GetValue(command) is { } c)
                actuator = new ScalingActuatorDto { Type = "command", Command = c, Arguments = pr.GetValue(args) is { Length: > 0 } a ? a : null, TimeoutSeconds = pr.GetValue(timeout) };
            var request = new PutScalableTargetRequest
            {
                MinCapacity = pr.GetValue(min),
                MaxCapacity = pr.GetValue(max),
                DesiredCapacity = pr.GetValue(desired),
                CapacityUnit = pr.GetValue(unit),
                ScaleInProtected = pr.GetValue(protect),
                Description = pr.GetValue(description),
                Actuator = actuator,
            };
            return Run(pr, async client =>
            {
                var r = await client.PutScalableTargetAsync(pr.GetValue(name)!, request, ct).ConfigureAwait(false);
                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(r);
                    return 0;
                }
                Console.WriteLine($"{(r.Created ? "Registered" : "Changed")} scalable target {r.Target.Name}: {r.Target.CapacityUnit} {r.Target.MinCapacity}–{r.Target.MaxCapacity}, desired {r.Target.DesiredCapacity}.");
                if (r.WebhookSecret is { } s) Console.WriteLine($"Webhook signing secret (shown once; verify X-Crema-Signature with it): {s}");
                return 0;
            });
        });
        return cmd;
    }

    private static Command SuspendCommand(Argument<string> name, bool suspend)
    {
        var dIn = new Option<bool>("--scale-in") { Description = "Dynamic scale-in" };
        var dOut = new Option<bool>("--scale-out") { Description = "Dynamic scale-out" };
        var scheduled = new Option<bool>("--scheduled") { Description = "Scheduled actions" };
        var verb = suspend ? "suspend" : "resume";
        var cmd = new Command(verb, $"{(suspend ? "Suspend" : "Resume")} dynamic scale-in, scale-out and/or scheduled scaling (all when none is named)") { name, dIn, dOut, scheduled };
        cmd.SetAction((pr, ct) => Run(pr, async client =>
        {
            var request = new SuspendScalingRequest
            {
                DynamicScalingIn = pr.GetValue(dIn) ? true : null,
                DynamicScalingOut = pr.GetValue(dOut) ? true : null,
                ScheduledScaling = pr.GetValue(scheduled) ? true : null,
            };
            var t = suspend
                ? await client.SuspendScalingAsync(pr.GetValue(name)!, request, ct).ConfigureAwait(false)
                : await client.ResumeScalingAsync(pr.GetValue(name)!, request, ct).ConfigureAwait(false);
            if (CliIo.Json(pr)) CliIo.PrintJson(t);
            else Console.WriteLine($"{t.Name}: suspended {Suspended(t)}.");
            return 0;
        }));
        return cmd;
    }

    private static Command Activities()
    {
        var target = new Argument<string?>("TARGET") { Description = "Only this target's activities", Arity = ArgumentArity.ZeroOrOne };
        var limit = new Option<int?>("--limit") { Description = "At most this many (1–500; default 50)" };
        var next = new Option<string?>("--next-token") { Description = "The next page, from a previous --json answer" };
        var cmd = new Command("activities", "What scaling did, newest first: cause, status and error") { target, limit, next };
        cmd.SetAction((pr, ct) => Run(pr, async client =>
        {
            var page = await client.ListScalingActivitiesAsync(pr.GetValue(target), pr.GetValue(limit), pr.GetValue(next), ct).ConfigureAwait(false);
            if (CliIo.Json(pr))
            {
                CliIo.PrintJson(page);
                return 0;
            }
            if (page.Activities.Count == 0)
            {
                Console.WriteLine("No scaling activities.");
                return 0;
            }
            var table = new Table().AddColumn("Started").AddColumn("Target").AddColumn("Kind").AddColumn("Change").AddColumn("Status").AddColumn("Cause");
            foreach (var a in page.Activities)
            {
                var status = a.Status switch
                {
                    "Successful" => "[green]Successful[/]",
                    "Failed" => "[red]Failed[/] " + Markup.Escape(a.StatusMessage ?? ""),
                    _ => Markup.Escape(a.Status),
                };
                table.AddRow(CliIo.Time(a.StartTime), Markup.Escape(a.TargetName), Markup.Escape(a.Kind), $"{N(a.FromCapacity)} → {N(a.ToCapacity)}", status, Markup.Escape(a.Cause));
            }
            CliIo.Write(table);
            if (page.NextToken is { } token) Console.WriteLine($"More: --next-token {token}");
            return 0;
        }));
        return cmd;
    }

    /// <summary>Runs a client call with the CLI's error handling.</summary>
    internal static Task<int> Run(ParseResult pr, Func<CremaClient, Task<int>> action)
    {
        var client = MetricsCommands.Client(pr);
        return CliIo.Run(() => action(client));
    }

    private static void Print(ScalableTargetDto t)
    {
        Console.WriteLine($"{t.Name}{(t.Description is { } d ? " — " + d : "")}");
        Console.WriteLine($"  {t.CapacityUnit}: min {t.MinCapacity}, desired {t.DesiredCapacity}, actual {(t.ActualCapacity is { } a ? N(a) : "unknown")}, max {t.MaxCapacity}");
        Console.WriteLine($"  suspended: {Suspended(t)}; scale-in protection: {(t.ScaleInProtected ? "on" : "off")}");
        Console.WriteLine($"  actuator: {Actuator(t.Actuator)}");
        if (t.FailedAttempts > 0) Console.WriteLine($"  failing: {t.FailedAttempts} attempt(s) in a row, next retry {CliIo.Time(t.NextRetryAt)}");
        Console.WriteLine($"  policies: {(t.Policies.Count == 0 ? "none" : string.Join(", ", t.Policies))}; scheduled actions: {(t.ScheduledActions.Count == 0 ? "none" : string.Join(", ", t.ScheduledActions))}");
    }

    internal static string Suspended(ScalableTargetDto t)
    {
        var s = t.SuspendedState;
        var parts = new List<string>();
        if (s.DynamicScalingInSuspended == true) parts.Add("scale-in");
        if (s.DynamicScalingOutSuspended == true) parts.Add("scale-out");
        if (s.ScheduledScalingSuspended == true) parts.Add("scheduled");
        return parts.Count == 0 ? "nothing" : string.Join(", ", parts);
    }

    private static string Actuator(ScalingActuatorDto? a) => a switch
    {
        { Type: "webhook" } => "webhook " + a.Url,
        { Type: "command" } => "command " + a.Command + (a.Arguments is { Count: > 0 } args ? " " + string.Join(' ', args) : ""),
        _ => "-",
    };

    internal static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
