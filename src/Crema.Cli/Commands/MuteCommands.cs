using System.CommandLine;
using System.Globalization;
using Crema.Client;
using Crema.Client.Contracts;
using Spectre.Console;

namespace Crema.Cli.Commands;

/// <summary>`crema alarms mute|mutes|unmute`: silence alarm actions for a span or on a weekly schedule, with a reason.</summary>
internal static class MuteCommands
{
    /// <summary>Adds mute, mutes and unmute to the `alarms` command.</summary>
    public static void AddTo(Command alarms)
    {
        ArgumentNullException.ThrowIfNull(alarms);
        alarms.Subcommands.Add(Mute());
        alarms.Subcommands.Add(List());
        alarms.Subcommands.Add(Unmute());
    }

    private static Command Mute()
    {
        var name = new Argument<string>("NAME") { Description = "Mute window name (unmute takes it)" };
        var alarms = new Option<string[]>("--alarm", "-a") { Description = "Alarm name or pattern, * for any run of characters (repeatable)", Required = true };
        var reason = new Option<string>("--reason", "-r") { Description = "Why (shown in each muted action's history item)", Required = true };
        var from = new Option<string?>("--from") { Description = "One-off span: start (ISO-8601 or epoch seconds; default now)" };
        var until = new Option<string?>("--until") { Description = "One-off span: end (ISO-8601, epoch seconds, or a duration from now such as 2h)" };
        var length = new Option<string?>("--for") { Description = "How long: 30m, 2h, 13h, 1d (a span's length, or each scheduled occurrence's)" };
        var days = new Option<string?>("--days") { Description = "Recurring: days such as weekdays, weekends, daily, mon-fri or sat,sun" };
        var at = new Option<string?>("--at") { Description = "Recurring: local start time HH:mm" };
        var zone = new Option<string?>("--tz") { Description = "Recurring: IANA time zone such as Europe/Berlin (default: this machine's zone, else UTC)" };
        var expires = new Option<string?>("--expires") { Description = "Stop muting for good at this time (ISO-8601) or after this long (30d)" };
        var cmd = new Command("mute", "Silence alarms' actions for a time span or on a weekly schedule; their state still changes and the history says they were muted")
        {
            name, alarms, reason, from, until, length, days, at, zone, expires,
        };
        cmd.SetAction(async (pr, ct) =>
        {
            var now = TimeProvider.System.GetUtcNow();
            if (!TryBuild(pr, now, out var request, out var error)) return MetricsCommands.Fail(error!);
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var mute = await client.PutMuteAsync(request!, ct).ConfigureAwait(false);
                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(mute);
                    return 0;
                }

                Console.WriteLine($"Mute window {mute.Name} ({mute.Status}): {string.Join(", ", mute.AlarmNamePatterns)} — {When(mute)}; {Next(mute)}.");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;

        bool TryBuild(ParseResult pr, DateTimeOffset now, out PutMuteRequest? request, out string? error)
        {
            request = null;
            error = null;
            TimeSpan? duration = null;
            if (pr.GetValue(length) is { } f)
            {
                if (!MetricsCommands.TryDuration(f, out var d) || d.Ticks % TimeSpan.TicksPerMinute != 0) return Error($"--for '{f}' must be whole minutes such as 30m, 2h or 1d", out error);
                duration = d;
            }

            DateTimeOffset? expiresAt = null;
            if (pr.GetValue(expires) is { } x)
            {
                if (!CliIo.TryExpiry(x, now, out var e)) return Error($"--expires '{x}' must be an ISO-8601 time or a duration such as 30d", out error);
                expiresAt = e;
            }

            var common = new PutMuteRequest { Name = pr.GetValue(name), AlarmNamePatterns = pr.GetValue(alarms), Reason = pr.GetValue(reason), ExpiresAt = expiresAt };
            if (pr.GetValue(days) is { } dayText)
            {
                if (pr.GetValue(from) is not null || pr.GetValue(until) is not null) return Error("--from and --until are for one span; a schedule takes --days, --at and --for", out error);
                if (pr.GetValue(at) is not { } start) return Error("--at HH:mm is required with --days", out error);
                if (duration is not { } each) return Error("--for is required with --days (how long each occurrence lasts, e.g. 13h)", out error);
                var tz = pr.GetValue(zone) ?? (TimeZoneInfo.Local.HasIanaId ? TimeZoneInfo.Local.Id : "UTC");
                request = common with
                {
                    Schedule = new MuteScheduleDto { DaysOfWeek = [dayText], StartTime = start, DurationMinutes = (int)each.TotalMinutes, TimeZone = tz },
                };
                return true;
            }

            if (pr.GetValue(at) is not null || pr.GetValue(zone) is not null) return Error("--at and --tz need --days (a recurring schedule)", out error);
            DateTimeOffset? begin = null;
            if (pr.GetValue(from) is { } fromText)
            {
                if (!MetricsCommands.TryTime(fromText, out var b)) return Error($"--from '{fromText}' must be ISO-8601 or epoch seconds", out error);
                begin = b;
            }

            DateTimeOffset end;
            if (pr.GetValue(until) is { } untilText)
            {
                if (duration is not null) return Error("give --until or --for, not both", out error);
                if (MetricsCommands.TryDuration(untilText, out var d)) end = (begin ?? now) + d;
                else if (!MetricsCommands.TryTime(untilText, out end)) return Error($"--until '{untilText}' must be ISO-8601, epoch seconds or a duration such as 2h", out error);
            }
            else if (duration is { } d)
            {
                end = (begin ?? now) + d;
            }
            else
            {
                return Error("say how long: --for 2h or --until TIME (or --days, --at and --for for a schedule)", out error);
            }

            // Without --from the server starts the span at its own "now".
            request = common with { StartTime = begin, EndTime = end };
            return true;
        }
    }

    private static Command List()
    {
        var alarm = new Option<string?>("--alarm", "-a") { Description = "Only windows that match this alarm name" };
        var cmd = new Command("mutes", "List mute windows: which alarms, when, whether active now, and why") { alarm };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var list = (await client.ListMutesAsync(pr.GetValue(alarm), ct).ConfigureAwait(false)).Mutes;
                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(list);
                    return 0;
                }

                if (list.Count == 0)
                {
                    Console.WriteLine("No mute windows.");
                    return 0;
                }

                var table = new Table().AddColumn("Name").AddColumn("Alarms").AddColumn("When").AddColumn("Status").AddColumn("Next").AddColumn("Reason");
                foreach (var m in list)
                {
                    table.AddRow(Markup.Escape(m.Name), Markup.Escape(string.Join(", ", m.AlarmNamePatterns)), Markup.Escape(When(m)), StatusMarkup(m.Status),
                        Markup.Escape(Next(m)), Markup.Escape(m.Reason));
                }

                CliIo.Write(table);
                Console.WriteLine($"{list.Count} mute window(s)");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Unmute()
    {
        var name = new Argument<string>("NAME") { Description = "Mute window name" };
        var cmd = new Command("unmute", "Delete a mute window: its alarms run their actions again") { name };
        cmd.SetAction(async (pr, ct) =>
        {
            var muteName = pr.GetValue(name)!;
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                try
                {
                    await client.DeleteMuteAsync(muteName, ct).ConfigureAwait(false);
                }
                catch (CremaApiException ex) when (ex.Status == 404)
                {
                    return MetricsCommands.Fail($"mute window '{muteName}' not found (HTTP 404)");
                }

                if (CliIo.Json(pr)) CliIo.PrintJson(new { name = muteName, deleted = true });
                else Console.WriteLine($"Deleted mute window {muteName}.");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    /// <summary>"2025-03-10 08:00:00Z → 2025-03-10 10:00:00Z" or "weekdays 18:00 for 13h (Europe/Berlin)", with the expiry.</summary>
    private static string When(MuteDto m)
    {
        var text = m.Schedule is { } s
            ? $"{Days(s.DaysOfWeek)} {s.StartTime} for {Duration(s.DurationMinutes ?? 0)} ({s.TimeZone})"
            : $"{CliIo.Time(m.StartTime)} → {CliIo.Time(m.EndTime)}";
        return m.ExpiresAt is { } x ? text + $", expires {CliIo.Time(x)}" : text;
    }

    private static string Next(MuteDto m) => m.Status switch
    {
        "ACTIVE" => "until " + CliIo.Time(m.NextEnd),
        "PENDING" => "from " + CliIo.Time(m.NextStart) + " to " + CliIo.Time(m.NextEnd),
        _ => "never again",
    };

    private static string StatusMarkup(string status) => status switch
    {
        "ACTIVE" => "[yellow]ACTIVE[/]",
        "PENDING" => "PENDING",
        _ => "[grey]" + Markup.Escape(status) + "[/]",
    };

    private static string Days(IReadOnlyList<string>? days)
    {
        if (days is null) return "-";
        var set = string.Join(',', days);
        return set switch
        {
            "Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday" => "daily",
            "Monday,Tuesday,Wednesday,Thursday,Friday" => "weekdays",
            "Saturday,Sunday" => "weekends",
            _ => string.Join(", ", days.Select(d => d.Length > 3 ? d[..3] : d)),
        };
    }

    private static string Duration(int minutes) =>
        minutes % 60 == 0 ? (minutes / 60).ToString(CultureInfo.InvariantCulture) + "h" : minutes.ToString(CultureInfo.InvariantCulture) + "m";

    private static bool Error(string message, out string? error)
    {
        error = message;
        return false;
    }
}
