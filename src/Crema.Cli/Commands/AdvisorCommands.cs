using System.CommandLine;
using System.Globalization;
using Crema.Client.Contracts;
using Spectre.Console;

namespace Crema.Cli.Commands;

/// <summary>`crema advisor checks|run|results|history|exclude|include|exclusions|resources`: the advisor from the command line.</summary>
internal static class AdvisorCommands
{
    public static Command Create()
    {
        var cmd = new Command("advisor", "The advisor: checks in six pillars, their results and savings, exclusions and business resources");
        cmd.Subcommands.Add(Checks());
        cmd.Subcommands.Add(Run());
        cmd.Subcommands.Add(Results());
        cmd.Subcommands.Add(History());
        cmd.Subcommands.Add(Exclude());
        cmd.Subcommands.Add(Include());
        cmd.Subcommands.Add(Exclusions());
        cmd.Subcommands.Add(AdvisorResourceCommands.Create());
        return cmd;
    }

    private static Argument<string> CheckId() => new("CHECK") { Description = "Check id (see `crema advisor checks`)" };

    private static Command Checks()
    {
        var cmd = new Command("checks", "List every check with its pillar and latest status");
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var checks = (await client.ListAdvisorChecksAsync(ct).ConfigureAwait(false)).Checks;
                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(checks);
                    return 0;
                }

                var table = new Table().AddColumn("Id").AddColumn("Pillar").AddColumn("Status").AddColumn(new TableColumn("Flagged").RightAligned()).AddColumn("Last run (UTC)");
                foreach (var c in checks)
                {
                    table.AddRow(Markup.Escape(c.Id), c.Pillar, StatusMarkup(c.Status ?? "-"), c.FlaggedCount.ToString(CultureInfo.InvariantCulture), CliIo.Time(c.LastRunAt));
                }

                CliIo.Write(table);
                Console.WriteLine($"{checks.Count} check(s)");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Run()
    {
        var id = new Argument<string?>("CHECK") { Description = "Check id; every check when left out", Arity = ArgumentArity.ZeroOrOne };
        var cmd = new Command("run", "Run one check, or every check, now") { id };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var results = (await client.RunAdvisorChecksAsync(pr.GetValue(id), ct).ConfigureAwait(false)).Results;
                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(results);
                    return 0;
                }

                foreach (var r in results) Console.WriteLine($"{r.Status,-12} {r.CheckId}: {r.Summary}");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Results()
    {
        var pillar = new Option<string?>("--pillar") { Description = "Only this pillar (CostOptimization, Performance, Security, FaultTolerance, ServiceLimits, OperationalExcellence)" };
        var cmd = new Command("results", "Red/yellow/green per pillar with the possible monthly saving, then each check's flagged items") { pillar };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var results = await client.GetAdvisorResultsAsync(pr.GetValue(pillar), ct).ConfigureAwait(false);
                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(results);
                    return 0;
                }

                var table = new Table().AddColumn("Pillar").AddColumn(new TableColumn("Red").RightAligned()).AddColumn(new TableColumn("Yellow").RightAligned())
                    .AddColumn(new TableColumn("Green").RightAligned()).AddColumn(new TableColumn("Saving / month").RightAligned());
                foreach (var p in results.Pillars)
                {
                    table.AddRow(p.Pillar, Count(p.Red), Count(p.Yellow), Count(p.Green), p.MonthlySaving.ToString("0.00", CultureInfo.InvariantCulture));
                }

                CliIo.Write(table);
                foreach (var c in results.Checks)
                {
                    if (c.Items.Count == 0 && c.ExcludedItems.Count == 0) continue;
                    Console.WriteLine();
                    Console.WriteLine($"{c.Status} {c.CheckId} — {c.Summary}");
                    foreach (var i in c.Items)
                    {
                        var saving = i.MonthlySaving is { } s ? $" (saves {i.Currency} {s.ToString("0.00", CultureInfo.InvariantCulture)}/month)" : "";
                        Console.WriteLine($"  {i.Status,-7} {i.ResourceId}: {i.Details}{saving}");
                        Console.WriteLine($"          → {i.RecommendedAction}");
                    }

                    foreach (var i in c.ExcludedItems) Console.WriteLine($"  excluded {i.ResourceId}: {i.ExclusionReason}");
                }

                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command History()
    {
        var id = CheckId();
        var cmd = new Command("history", "A check's stored results, newest first") { id };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var history = await client.GetAdvisorHistoryAsync(pr.GetValue(id)!, ct).ConfigureAwait(false);
                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(history);
                    return 0;
                }

                foreach (var r in history.Results) Console.WriteLine($"{CliIo.Time(r.RanAt)}  {r.Status,-12} {r.Summary}");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Exclude()
    {
        var id = CheckId();
        var item = new Argument<string>("ITEM") { Description = "The flagged item's resource id" };
        var reason = new Option<string>("--reason") { Description = "Why it does not need action", Required = true };
        var cmd = new Command("exclude", "Exclude a flagged item from a check, with a reason (audited)") { id, item, reason };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var e = await client.ExcludeAdvisorItemAsync(pr.GetValue(id)!, pr.GetValue(item)!, pr.GetValue(reason)!, ct).ConfigureAwait(false);
                if (CliIo.Json(pr)) CliIo.PrintJson(e);
                else Console.WriteLine($"Excluded {e.ResourceId} from {e.CheckId}.");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Include()
    {
        var id = CheckId();
        var item = new Argument<string>("ITEM") { Description = "The excluded item's resource id" };
        var cmd = new Command("include", "Count an excluded item again") { id, item };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                await client.DeleteAdvisorExclusionAsync(pr.GetValue(id)!, pr.GetValue(item)!, ct).ConfigureAwait(false);
                if (CliIo.Json(pr)) CliIo.PrintJson(new { checkId = pr.GetValue(id), resourceId = pr.GetValue(item), included = true });
                else Console.WriteLine($"{pr.GetValue(item)} counts again in {pr.GetValue(id)}.");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Exclusions()
    {
        var cmd = new Command("exclusions", "List excluded items with their reasons");
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var list = (await client.ListAdvisorExclusionsAsync(ct).ConfigureAwait(false)).Exclusions;
                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(list);
                    return 0;
                }

                var table = new Table().AddColumn("Check").AddColumn("Item").AddColumn("Reason").AddColumn("By").AddColumn("At (UTC)");
                foreach (var e in list) table.AddRow(Markup.Escape(e.CheckId), Markup.Escape(e.ResourceId), Markup.Escape(e.Reason), Markup.Escape(e.CreatedBy), CliIo.Time(e.CreatedAt));
                CliIo.Write(table);
                Console.WriteLine($"{list.Count} exclusion(s)");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string StatusMarkup(string status) => status switch
    {
        "Red" => "[red]Red[/]",
        "Yellow" => "[yellow]Yellow[/]",
        "Green" => "[green]Green[/]",
        _ => Markup.Escape(status),
    };
}
