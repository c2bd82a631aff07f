using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Spectre.Console;

namespace Crema.Cli.Commands;

/// <summary>`crema audit …`: look up, show and export events; verify the trail and prove events; digests, key, settings and insights.</summary>
internal static class AuditCommands
{
    private static readonly JsonSerializerOptions Indented = new(CremaJson.Options) { WriteIndented = true };

    public static Command Create()
    {
        var cmd = new Command("audit", "The tamper-evident audit trail: who did what, when, from where");
        cmd.Subcommands.Add(Lookup());
        cmd.Subcommands.Add(Show());
        cmd.Subcommands.Add(Export());
        cmd.Subcommands.Add(AuditVerifyCommands.Verify());
        cmd.Subcommands.Add(AuditVerifyCommands.Prove());
        cmd.Subcommands.Add(Insights());
        cmd.Subcommands.Add(PublicKey());
        cmd.Subcommands.Add(Digest());
        cmd.Subcommands.Add(Settings());
        return cmd;
    }

    /// <summary>The filter options lookup and export share.</summary>
    private sealed class Filters
    {
        public readonly Option<string?> Since = new("--since") { Description = "How far back: 15m, 3h, 7d" };
        public readonly Option<string?> From = new("--from") { Description = "Start (ISO-8601, epoch seconds or a duration ago)" };
        public readonly Option<string?> To = new("--to") { Description = "End (ISO-8601, epoch seconds or a duration ago)" };
        public readonly Option<string?> Event = new("--event") { Description = "Event name, e.g. CreateUser" };
        public readonly Option<string?> User = new("--user") { Description = "User name" };
        public readonly Option<string?> Resource = new("--resource") { Description = "Resource, e.g. users/alice" };
        public readonly Option<string?> ReadOnly = new("--read-only") { Description = "true: reads only; false: changes only" };
        public readonly Option<bool> Errors = new("--errors") { Description = "Failed calls only" };

        public void AddTo(Command cmd)
        {
            cmd.Options.Add(Since);
            cmd.Options.Add(From);
            cmd.Options.Add(To);
            cmd.Options.Add(Event);
            cmd.Options.Add(User);
            cmd.Options.Add(Resource);
            cmd.Options.Add(ReadOnly);
            cmd.Options.Add(Errors);
        }

        public AuditEventFilter? Parse(ParseResult pr, out string? error)
        {
            if (!CliIo.TryRange(pr.GetValue(Since), pr.GetValue(From), pr.GetValue(To), TimeProvider.System.GetUtcNow(), out var start, out var end, out error)) return null;
            bool? readOnly = null;
            if (pr.GetValue(ReadOnly) is { } ro)
            {
                if (!bool.TryParse(ro, out var b))
                {
                    error = $"--read-only '{ro}' must be true or false";
                    return null;
                }

                readOnly = b;
            }

            return new AuditEventFilter
            {
                From = start,
                To = end,
                EventName = pr.GetValue(Event),
                UserName = pr.GetValue(User),
                Resource = pr.GetValue(Resource),
                ReadOnly = readOnly,
                Error = pr.GetValue(Errors) ? true : null,
            };
        }
    }

    private static Command Lookup()
    {
        var filters = new Filters();
        var limit = new Option<int>("--limit") { Description = "Events to show (at most; default 50)", DefaultValueFactory = _ => 50 };
        var allPages = new Option<bool>("--all-pages") { Description = "Every matching event (ignores --limit)" };
        var cmd = new Command("lookup", "Events newest first, filtered") { limit, allPages };
        filters.AddTo(cmd);
        cmd.SetAction(async (pr, ct) =>
        {
            var filter = filters.Parse(pr, out var error);
            if (filter is null) return MetricsCommands.Fail(error!);
            var max = pr.GetValue(limit);
            if (max < 1) return MetricsCommands.Fail("--limit must be 1 or more");
            var all = pr.GetValue(allPages);
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var events = new List<AuditEventDto>();
                string? token = null;
                do
                {
                    var pageSize = all ? 1000 : Math.Min(1000, max - events.Count);
                    var page = await client.LookupAuditEventsAsync(filter with { Limit = pageSize }, token, ct).ConfigureAwait(false);
                    events.AddRange(page.Events);
                    token = page.NextToken;
                }
                while (token is not null && (all || events.Count < max));

                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(events);
                    return 0;
                }

                var table = new Table().AddColumn("Time (UTC)").AddColumn("Event").AddColumn("User").AddColumn("Source address").AddColumn("Result").AddColumn("Resources");
                foreach (var e in events)
                {
                    var result = e.ErrorCode is { } code ? $"[red]{Markup.Escape(code)}[/]" + (e.ErrorMessage is { } m ? ": " + Markup.Escape(m) : "") : "[green]OK[/]";
                    table.AddRow(CliIo.Time(e.Time), Markup.Escape(e.EventName), Markup.Escape(e.Identity.UserName ?? "(" + e.Identity.AuthMethod + ")"),
                        Markup.Escape(e.SourceAddress ?? "-"), result, Markup.Escape(string.Join(", ", e.Resources)));
                }

                CliIo.Write(table);
                AnsiConsole.MarkupLine($"{events.Count} event(s)" + (token is not null ? "; more match (use --all-pages or a larger --limit)" : ""));
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Show()
    {
        var id = new Argument<string>("EVENT_ID") { Description = "The event's id" };
        var cmd = new Command("show", "One event in full (JSON)") { id };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var e = await client.GetAuditEventAsync(pr.GetValue(id)!, ct).ConfigureAwait(false);
                Console.WriteLine(JsonSerializer.Serialize(e, CliIo.Json(pr) ? CremaJson.Options : Indented));
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Export()
    {
        var filters = new Filters();
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file (default: standard output)" };
        var cmd = new Command("export", "Events oldest first as JSON Lines") { output };
        filters.AddTo(cmd);
        cmd.SetAction(async (pr, ct) =>
        {
            var filter = filters.Parse(pr, out var error);
            if (filter is null) return MetricsCommands.Fail(error!);
            var client = MetricsCommands.Client(pr);
            var file = pr.GetValue(output);
            return await CliIo.Run(async () =>
            {
                long count = 0;
                var writer = file is null ? Console.Out : new StreamWriter(file.FullName, append: false, new System.Text.UTF8Encoding(false));
                try
                {
                    await foreach (var line in client.ExportAuditEventsAsync(filter, ct).ConfigureAwait(false))
                    {
                        await writer.WriteAsync(line.AsMemory(), ct).ConfigureAwait(false);
                        await writer.WriteAsync('\n').ConfigureAwait(false);
                        count++;
                        if (file is not null && count % 1000 == 0) Console.Error.Write($"\rexported {count} events");
                    }
                }
                finally
                {
                    if (file is not null) await writer.DisposeAsync().ConfigureAwait(false);
                    else await writer.FlushAsync(ct).ConfigureAwait(false);
                }

                if (file is not null) Console.Error.WriteLine($"\rexported {count} events to {file.FullName}");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Insights()
    {
        var since = new Option<string>("--since") { Description = "How far back: 1d, 7d (default 7d)", DefaultValueFactory = _ => "7d" };
        var cmd = new Command("insights", "Unusual call or error rates") { since };
        cmd.SetAction(async (pr, ct) =>
        {
            if (!MetricsCommands.TryDuration(pr.GetValue(since)!, out var d)) return MetricsCommands.Fail($"--since '{pr.GetValue(since)}' must look like 12h or 7d");
            var now = TimeProvider.System.GetUtcNow();
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var r = await client.ListAuditInsightsAsync(now - d, now.AddMinutes(1), ct).ConfigureAwait(false);
                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(r.Insights);
                    return 0;
                }

                if (r.Insights.Count == 0)
                {
                    Console.WriteLine("No insights: call and error rates were usual.");
                    return 0;
                }

                var table = new Table().AddColumn("Start (UTC)").AddColumn("End (UTC)").AddColumn("Event").AddColumn("Kind")
                    .AddColumn(new TableColumn("Baseline").RightAligned()).AddColumn(new TableColumn("Observed").RightAligned());
                foreach (var i in r.Insights)
                {
                    table.AddRow(CliIo.Time(i.Start), i.End is null ? "[yellow]ongoing[/]" : CliIo.Time(i.End), Markup.Escape(i.EventName), Markup.Escape(i.Kind),
                        i.Baseline.ToString("G4", CultureInfo.InvariantCulture), i.Observed.ToString("G4", CultureInfo.InvariantCulture));
                }

                CliIo.Write(table);
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command PublicKey()
    {
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the PEM to this file (keep it away from the server)" };
        var cmd = new Command("public-key", "The key digests are signed with") { output };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var k = await client.GetAuditPublicKeyAsync(ct).ConfigureAwait(false);
                if (pr.GetValue(output) is { } f)
                {
                    await File.WriteAllTextAsync(f.FullName, k.PublicKeyPem, ct).ConfigureAwait(false);
                    if (CliIo.Json(pr)) CliIo.PrintJson(k);
                    else Console.WriteLine($"Wrote key {k.KeyId} ({k.Algorithm}) to {f.FullName}; verify with --public-key {f.Name}.");
                    return 0;
                }

                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(k);
                    return 0;
                }

                Console.WriteLine($"Key id {k.KeyId} ({k.Algorithm})");
                Console.Write(k.PublicKeyPem.EndsWith('\n') ? k.PublicKeyPem : k.PublicKeyPem + "\n");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Digest()
    {
        var cmd = new Command("digest", "Sign a digest of the events since the last one now");
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var json = await client.CreateAuditDigestAsync(ct).ConfigureAwait(false);
                if (CliIo.Json(pr))
                {
                    Console.WriteLine(json.ToJsonString());
                    return 0;
                }

                var d = Crema.Core.Audit.AuditDigests.Parse(json.ToJsonString());
                Console.WriteLine(d.EventCount == 0
                    ? $"Signed digest {d.DigestSequence} (no new events) with key {d.KeyId}."
                    : $"Signed digest {d.DigestSequence} covering events {d.FirstEventSequence}..{d.LastEventSequence} ({d.EventCount}) with key {d.KeyId}.");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Settings()
    {
        var read = new Option<string?>("--data-read") { Description = "Record metric reads: on or off" };
        var write = new Option<string?>("--data-write") { Description = "Record metric writes: on or off" };
        var namespaces = new Option<string?>("--namespaces") { Description = "Namespace patterns (with *) whose data events are recorded, comma-separated; \"\" for all" };
        var cmd = new Command("settings", "Show or change which data events are recorded (management events always are)") { read, write, namespaces };
        cmd.SetAction(async (pr, ct) =>
        {
            bool? r = null, w = null;
            if (pr.GetValue(read) is { } rs && !TryOnOff(rs, out r)) return MetricsCommands.Fail($"--data-read '{rs}' must be on or off");
            if (pr.GetValue(write) is { } ws && !TryOnOff(ws, out w)) return MetricsCommands.Fail($"--data-write '{ws}' must be on or off");
            var ns = pr.GetValue(namespaces) is { } n ? n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var s = r is null && w is null && ns is null
                    ? await client.GetAuditSettingsAsync(ct).ConfigureAwait(false)
                    : await client.UpdateAuditSettingsAsync(new AuditSettingsDto { DataEventsRead = r, DataEventsWrite = w, DataEventNamespaces = ns }, ct).ConfigureAwait(false);
                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(s);
                    return 0;
                }

                Console.WriteLine($"Data reads recorded:  {(s.DataEventsRead == true ? "on" : "off")}");
                Console.WriteLine($"Data writes recorded: {(s.DataEventsWrite == true ? "on" : "off")}");
                Console.WriteLine($"Namespaces:           {(s.DataEventNamespaces is { Count: > 0 } list ? string.Join(", ", list) : "all")}");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static bool TryOnOff(string text, out bool? value)
    {
        value = text.ToLowerInvariant() switch
        {
            "on" or "true" => true,
            "off" or "false" => false,
            _ => null,
        };
        return value is not null;
    }
}
