using System.CommandLine;
using System.Globalization;
using Crema.Client;
using Spectre.Console;

namespace Crema.Cli.Commands;

/// <summary>`crema dashboards list|get|put|rename|duplicate|delete`: dashboards from the command line (put imports a body file).</summary>
internal static class DashboardsCommands
{
    public static Command Create()
    {
        var cmd = new Command("dashboards", "Dashboards: list, export (get --out), import (put --file), rename, duplicate, delete");
        cmd.Subcommands.Add(List());
        cmd.Subcommands.Add(Get());
        cmd.Subcommands.Add(Put());
        cmd.Subcommands.Add(Rename());
        cmd.Subcommands.Add(Duplicate());
        cmd.Subcommands.Add(Delete());
        return cmd;
    }

    private static Argument<string> Name() => new("NAME") { Description = "Dashboard name (A-Z a-z 0-9 - _)" };

    private static Argument<string> NewName() => new("NEW_NAME") { Description = "The new dashboard name" };

    private static Command List()
    {
        var cmd = new Command("list", "List dashboards: title, widgets, size and last change");
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var list = (await client.ListDashboardsAsync(ct).ConfigureAwait(false)).Dashboards;
                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(list);
                    return 0;
                }

                if (list.Count == 0)
                {
                    Console.WriteLine("No dashboards.");
                    return 0;
                }

                var table = new Table().AddColumn("Name").AddColumn("Title").AddColumn(new TableColumn("Widgets").RightAligned())
                    .AddColumn(new TableColumn("Size").RightAligned()).AddColumn("Updated (UTC)").AddColumn("By");
                foreach (var d in list)
                {
                    table.AddRow(Markup.Escape(d.Name), Markup.Escape(d.Title ?? ""), d.WidgetCount.ToString(CultureInfo.InvariantCulture),
                        d.Size.ToString(CultureInfo.InvariantCulture), CliIo.Time(d.UpdatedAt), Markup.Escape(d.UpdatedBy));
                }

                CliIo.Write(table);
                Console.WriteLine($"{list.Count} dashboard(s)");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Get()
    {
        var name = Name();
        var output = new Option<string?>("--out", "-o") { Description = "Write the body to this file (an export that `put --file` imports)" };
        var cmd = new Command("get", "Show a dashboard's body (JSON), or write it to a file") { name, output };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var d = await client.GetDashboardAsync(pr.GetValue(name)!, ct).ConfigureAwait(false);
                var body = CremaClient.FormatDashboardBody(d);
                if (pr.GetValue(output) is { } file)
                {
                    await File.WriteAllTextAsync(file, body + Environment.NewLine, ct).ConfigureAwait(false);
                    if (CliIo.Json(pr)) CliIo.PrintJson(new { d.Name, d.Title, d.WidgetCount, d.Size, d.UpdatedAt, d.UpdatedBy, file });
                    else Console.WriteLine($"Wrote dashboard {d.Name} ({d.WidgetCount} widgets) to {file}.");
                    return 0;
                }

                if (CliIo.Json(pr)) CliIo.PrintJson(d);
                else Console.WriteLine(body);
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Put()
    {
        var name = Name();
        var file = new Option<string>("--file", "-f") { Description = "The dashboard body (JSON; - for standard input)", Required = true };
        var cmd = new Command("put", "Create or replace a dashboard from a body file (an import); the server refuses an invalid body whole, naming each field") { name, file };
        cmd.SetAction(async (pr, ct) =>
        {
            var path = pr.GetValue(file)!;
            string json;
            try
            {
                json = path == "-" ? await Console.In.ReadToEndAsync(ct).ConfigureAwait(false) : await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return MetricsCommands.Fail($"--file '{path}': {ex.Message}");
            }

            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                try
                {
                    var d = await client.PutDashboardJsonAsync(pr.GetValue(name)!, json, ct).ConfigureAwait(false);
                    if (CliIo.Json(pr)) CliIo.PrintJson(d);
                    else Console.WriteLine($"Saved dashboard {d.Name} ({d.WidgetCount} widgets, {d.Size} bytes).");
                    return 0;
                }
                catch (CremaApiException ex) when (ex.Problem?.Errors is { Count: > 0 } errors)
                {
                    Console.Error.WriteLine("error: the dashboard is not valid; nothing was changed:");
                    foreach (var (field, rules) in errors)
                    {
                        foreach (var rule in rules) Console.Error.WriteLine($"  {field}: {rule}");
                    }

                    return 2;
                }
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Rename()
    {
        var name = Name();
        var newName = NewName();
        var cmd = new Command("rename", "Give a dashboard a new name") { name, newName };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var d = await client.RenameDashboardAsync(pr.GetValue(name)!, pr.GetValue(newName)!, ct).ConfigureAwait(false);
                if (CliIo.Json(pr)) CliIo.PrintJson(d);
                else Console.WriteLine($"Renamed dashboard {pr.GetValue(name)} to {d.Name}.");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Duplicate()
    {
        var name = Name();
        var newName = NewName();
        var cmd = new Command("duplicate", "Copy a dashboard under a new name") { name, newName };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var d = await client.DuplicateDashboardAsync(pr.GetValue(name)!, pr.GetValue(newName)!, ct).ConfigureAwait(false);
                if (CliIo.Json(pr)) CliIo.PrintJson(d);
                else Console.WriteLine($"Copied dashboard {pr.GetValue(name)} to {d.Name}.");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Delete()
    {
        var name = Name();
        var cmd = new Command("delete", "Delete a dashboard") { name };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                await client.DeleteDashboardAsync(pr.GetValue(name)!, ct).ConfigureAwait(false);
                if (CliIo.Json(pr)) CliIo.PrintJson(new { name = pr.GetValue(name), deleted = true });
                else Console.WriteLine($"Deleted dashboard {pr.GetValue(name)}.");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }
}
