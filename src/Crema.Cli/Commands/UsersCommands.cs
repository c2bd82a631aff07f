using System.CommandLine;
using Crema.Client.Contracts;
using Spectre.Console;

namespace Crema.Cli.Commands;

/// <summary>`crema users list|show|create|update|delete|reset-mfa`: managing users.</summary>
internal static class UsersCommands
{
    public static Command Create()
    {
        var cmd = new Command("users", "List, create, change and delete users");
        cmd.Subcommands.Add(List());
        cmd.Subcommands.Add(Show());
        cmd.Subcommands.Add(CreateUser());
        cmd.Subcommands.Add(Update());
        cmd.Subcommands.Add(Delete());
        cmd.Subcommands.Add(ResetMfa());
        return cmd;
    }

    private static Argument<string> Name() => new("NAME") { Description = "User name" };

    private static Option<string[]> Roles() => new("--role") { Description = "A role to give the user (repeatable)", AllowMultipleArgumentsPerToken = false };

    private static Command List()
    {
        var cmd = new Command("list", "List users");
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var r = await client.ListUsersAsync(ct).ConfigureAwait(false);
                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(r.Users);
                    return 0;
                }

                var table = new Table().AddColumn("User").AddColumn("Roles").AddColumn("Status").AddColumn("MFA").AddColumn("Keys").AddColumn("Last sign-in (UTC)");
                foreach (var u in r.Users)
                {
                    table.AddRow(Markup.Escape(u.UserName) + (u.IsRoot ? " [yellow](root)[/]" : ""), Markup.Escape(string.Join(", ", u.Roles)), Status(u),
                        u.MfaEnabled ? "on" : "off", u.ApiKeys.ToString(System.Globalization.CultureInfo.InvariantCulture), CliIo.Time(u.LastSignInAt));
                }

                CliIo.Write(table);
                AnsiConsole.MarkupLine($"{r.Users.Count} user(s)");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Show()
    {
        var name = Name();
        var cmd = new Command("show", "Show one user") { name };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                Print(pr, await client.GetUserAsync(pr.GetValue(name)!, ct).ConfigureAwait(false));
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command CreateUser()
    {
        var name = Name();
        var roles = Roles();
        var stdin = CliIo.PasswordStdin();
        var cmd = new Command("create", "Create a user (with a password: it can sign in; without: keys only)") { name, roles, stdin };
        cmd.SetAction(async (pr, ct) =>
        {
            string? password = null;
            if (pr.GetValue(stdin))
            {
                password = CliIo.ReadSecret("", fromStdin: true);
                if (password is null) return MetricsCommands.Fail("--password-stdin: standard input held no password line");
            }

            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var user = await client.CreateUserAsync(new CreateUserRequest { UserName = pr.GetValue(name), Password = password, Roles = pr.GetValue(roles) ?? [] }, ct)
                    .ConfigureAwait(false);
                if (!CliIo.Json(pr)) AnsiConsole.MarkupLine($"[green]Created[/] user {Markup.Escape(user.UserName)}");
                Print(pr, user);
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Update()
    {
        var name = Name();
        var roles = Roles();
        var disable = new Option<bool>("--disable") { Description = "Disable the user (its keys and sessions stop working)" };
        var enable = new Option<bool>("--enable") { Description = "Enable the user again" };
        var stdin = new Option<bool>("--password-stdin") { Description = "Set a new password read as one line from standard input" };
        var cmd = new Command("update", "Change a user's roles, status or password (--role replaces all roles)") { name, roles, disable, enable, stdin };
        cmd.SetAction(async (pr, ct) =>
        {
            if (pr.GetValue(disable) && pr.GetValue(enable)) return MetricsCommands.Fail("use --disable or --enable, not both");
            string? password = null;
            if (pr.GetValue(stdin))
            {
                password = CliIo.ReadSecret("", fromStdin: true);
                if (password is null) return MetricsCommands.Fail("--password-stdin: standard input held no password line");
            }

            var newRoles = pr.GetValue(roles) is { Length: > 0 } r ? r : null;
            bool? disabled = pr.GetValue(disable) ? true : pr.GetValue(enable) ? false : null;
            if (newRoles is null && disabled is null && password is null) return MetricsCommands.Fail("update needs --role, --disable, --enable or --password-stdin");
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var user = await client.UpdateUserAsync(pr.GetValue(name)!, new UpdateUserRequest { Roles = newRoles, Disabled = disabled, Password = password }, ct)
                    .ConfigureAwait(false);
                if (!CliIo.Json(pr)) AnsiConsole.MarkupLine($"[green]Updated[/] user {Markup.Escape(user.UserName)}");
                Print(pr, user);
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Delete()
    {
        var name = Name();
        var cmd = new Command("delete", "Delete a user with its keys and sessions") { name };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                await client.DeleteUserAsync(pr.GetValue(name)!, ct).ConfigureAwait(false);
                Console.WriteLine($"Deleted user {pr.GetValue(name)}.");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command ResetMfa()
    {
        var name = Name();
        var cmd = new Command("reset-mfa", "Turn off a user's MFA (a lost authenticator); the user enrols again") { name };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                await client.ResetUserMfaAsync(pr.GetValue(name)!, ct).ConfigureAwait(false);
                Console.WriteLine($"MFA of user {pr.GetValue(name)} is off.");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static string Status(UserDto u) => u.Disabled ? "[red]disabled[/]" : u.LockedUntil is { } l ? $"[yellow]locked until {CliIo.Time(l)}[/]" : "active";

    private static void Print(ParseResult pr, UserDto u)
    {
        if (CliIo.Json(pr))
        {
            CliIo.PrintJson(u);
            return;
        }

        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("User", Markup.Escape(u.UserName) + (u.IsRoot ? " [yellow](root)[/]" : ""));
        grid.AddRow("Roles", Markup.Escape(u.Roles.Count > 0 ? string.Join(", ", u.Roles) : "-"));
        grid.AddRow("Status", Status(u));
        grid.AddRow("Password", u.HasPassword ? "set" : "none (keys only)");
        grid.AddRow("MFA", u.MfaEnabled ? "on" : "off");
        grid.AddRow("API keys", u.ApiKeys.ToString(System.Globalization.CultureInfo.InvariantCulture));
        grid.AddRow("Created", CliIo.Time(u.CreatedAt));
        grid.AddRow("Password changed", CliIo.Time(u.PasswordChangedAt));
        grid.AddRow("Last sign-in", CliIo.Time(u.LastSignInAt));
        CliIo.Write(grid);
    }
}
