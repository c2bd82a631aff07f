using System.CommandLine;
using System.Text.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Spectre.Console;

namespace Crema.Cli.Commands;

/// <summary>`crema roles list|show|create|update|delete`: roles and their policies (statements of effect, actions, resources).</summary>
internal static class RolesCommands
{
    public static Command Create()
    {
        var cmd = new Command("roles", "List, create, change and delete roles");
        cmd.Subcommands.Add(List());
        cmd.Subcommands.Add(Show());
        cmd.Subcommands.Add(Put("create", "Create a role from a policy file {\"description\", \"statements\": [{\"effect\", \"actions\", \"resources\"}]}", create: true));
        cmd.Subcommands.Add(Put("update", "Replace a role's description and statements from a policy file", create: false));
        cmd.Subcommands.Add(Delete());
        return cmd;
    }

    private static Command List()
    {
        var cmd = new Command("list", "List roles");
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var r = await client.ListRolesAsync(ct).ConfigureAwait(false);
                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(r.Roles);
                    return 0;
                }

                var table = new Table().AddColumn("Role").AddColumn("Built-in").AddColumn("Statements").AddColumn("Description");
                foreach (var role in r.Roles)
                {
                    table.AddRow(Markup.Escape(role.Name), role.BuiltIn ? "yes" : "", role.Statements.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        Markup.Escape(role.Description));
                }

                CliIo.Write(table);
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Show()
    {
        var name = new Argument<string>("NAME") { Description = "Role name" };
        var cmd = new Command("show", "Show a role and its statements") { name };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                Print(pr, await client.GetRoleAsync(pr.GetValue(name)!, ct).ConfigureAwait(false));
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Put(string verb, string description, bool create)
    {
        var name = new Argument<string>("NAME") { Description = "Role name" };
        var file = new Option<FileInfo>("--file", "-f") { Description = "The policy JSON file", Required = true };
        var cmd = new Command(verb, description) { name, file };
        cmd.SetAction(async (pr, ct) =>
        {
            var f = pr.GetValue(file)!;
            if (!f.Exists) return MetricsCommands.Fail($"--file {f.FullName} does not exist");
            PutRoleRequest? policy;
            try
            {
                policy = JsonSerializer.Deserialize<PutRoleRequest>(await File.ReadAllTextAsync(f.FullName, ct).ConfigureAwait(false), CremaJson.Options);
            }
            catch (JsonException ex)
            {
                return MetricsCommands.Fail($"{f.Name}: {ex.Message}");
            }

            if (policy is null) return MetricsCommands.Fail($"{f.Name}: must be a JSON object with description and statements");
            var request = policy with { Name = pr.GetValue(name) };
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var role = create
                    ? await client.CreateRoleAsync(request, ct).ConfigureAwait(false)
                    : await client.UpdateRoleAsync(request.Name!, request, ct).ConfigureAwait(false);
                if (!CliIo.Json(pr)) AnsiConsole.MarkupLine($"[green]{(create ? "Created" : "Updated")}[/] role {Markup.Escape(role.Name)}");
                Print(pr, role);
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Delete()
    {
        var name = new Argument<string>("NAME") { Description = "Role name" };
        var cmd = new Command("delete", "Delete a role") { name };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                await client.DeleteRoleAsync(pr.GetValue(name)!, ct).ConfigureAwait(false);
                Console.WriteLine($"Deleted role {pr.GetValue(name)}.");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static void Print(ParseResult pr, RoleDto role)
    {
        if (CliIo.Json(pr))
        {
            CliIo.PrintJson(role);
            return;
        }

        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(role.Name)}[/]{(role.BuiltIn ? " (built-in)" : "")}: {Markup.Escape(role.Description)}");
        var table = new Table().AddColumn("Effect").AddColumn("Actions").AddColumn("Resources");
        foreach (var s in role.Statements)
        {
            var effect = s.Effect ?? "";
            table.AddRow(effect == "Deny" ? "[red]Deny[/]" : Markup.Escape(effect), Markup.Escape(string.Join(", ", s.Actions ?? [])),
                Markup.Escape(string.Join(", ", s.Resources ?? [])));
        }

        CliIo.Write(table);
    }
}
