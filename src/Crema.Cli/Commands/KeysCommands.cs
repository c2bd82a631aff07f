using System.CommandLine;
using Crema.Client;
using Crema.Client.Contracts;
using Spectre.Console;

namespace Crema.Cli.Commands;

/// <summary>`crema keys list|show|create|disable|enable|rotate|delete`: API keys (access key id + secret, sent as HTTP Basic).</summary>
internal static class KeysCommands
{
    public static Command Create()
    {
        var cmd = new Command("keys", "List, create, rotate and delete API keys");
        cmd.Subcommands.Add(List());
        cmd.Subcommands.Add(Show());
        cmd.Subcommands.Add(CreateKey());
        cmd.Subcommands.Add(SetStatus("disable", "Inactive", "Disable a key (it is refused until enabled again)"));
        cmd.Subcommands.Add(SetStatus("enable", "Active", "Enable a disabled key"));
        cmd.Subcommands.Add(Rotate());
        cmd.Subcommands.Add(Delete());
        return cmd;
    }

    private static Argument<string> Id() => new("ID") { Description = "Access key id" };

    private static Command List()
    {
        var user = new Option<string?>("--user") { Description = "Keys of this user (default: your own)" };
        var all = new Option<bool>("--all") { Description = "Keys of every user" };
        var cmd = new Command("list", "List API keys (never their secrets)") { user, all };
        cmd.SetAction(async (pr, ct) =>
        {
            if (pr.GetValue(all) && pr.GetValue(user) is not null) return MetricsCommands.Fail("use --user or --all, not both");
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var r = await client.ListKeysAsync(pr.GetValue(user), pr.GetValue(all), ct).ConfigureAwait(false);
                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(r.Keys);
                    return 0;
                }

                var table = new Table().AddColumn("Access key id").AddColumn("User").AddColumn("Role").AddColumn("Status").AddColumn("Expires (UTC)")
                    .AddColumn("Last used (UTC)").AddColumn("Description");
                foreach (var k in r.Keys)
                {
                    table.AddRow(Markup.Escape(k.AccessKeyId), Markup.Escape(k.UserName), Markup.Escape(k.Role ?? "-"),
                        k.Status == "Active" ? "Active" : $"[yellow]{Markup.Escape(k.Status)}[/]", CliIo.Time(k.ExpiresAt),
                        CliIo.Time(k.LastUsedAt) + (k.LastUsedFrom is { } from ? " from " + Markup.Escape(from) : ""), Markup.Escape(k.Description ?? ""));
                }

                CliIo.Write(table);
                AnsiConsole.MarkupLine($"{r.Keys.Count} key(s)");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Show()
    {
        var id = Id();
        var cmd = new Command("show", "Show one API key") { id };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                Print(pr, await client.GetKeyAsync(pr.GetValue(id)!, ct).ConfigureAwait(false));
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command CreateKey()
    {
        var user = new Option<string?>("--user") { Description = "The user the key belongs to (default: you)" };
        var role = new Option<string?>("--role") { Description = "Narrow the key to one role, e.g. an ingest-only role" };
        var description = new Option<string?>("--description") { Description = "What the key is for" };
        var expires = new Option<string?>("--expires") { Description = "When the key stops working: a duration (90d) or an ISO-8601 time" };
        var save = new Option<bool>("--save") { Description = "Save the new key as this CLI's credentials for --url" };
        var cmd = new Command("create", "Create an API key; its secret is printed this once") { user, role, description, expires, save };
        cmd.SetAction(async (pr, ct) =>
        {
            DateTimeOffset? expiresAt = null;
            if (pr.GetValue(expires) is { } e)
            {
                if (!CliIo.TryExpiry(e, TimeProvider.System.GetUtcNow(), out var t)) return MetricsCommands.Fail($"--expires '{e}' must be a duration such as 90d or an ISO-8601 time");
                expiresAt = t;
            }

            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var created = await client.CreateKeyAsync(new CreateKeyRequest
                {
                    UserName = pr.GetValue(user),
                    Role = pr.GetValue(role),
                    Description = pr.GetValue(description),
                    ExpiresAt = expiresAt,
                }, ct).ConfigureAwait(false);
                PrintSecret(pr, created, "Created");
                if (pr.GetValue(save))
                {
                    var url = pr.GetValue(CremaCommandLine.UrlOption)!;
                    CredentialsFile.Save(url, CremaCredentials.FromAccessKey(created.Key.AccessKeyId, created.SecretAccessKey), created.Key.UserName);
                    if (!CliIo.Json(pr)) Console.WriteLine($"Saved as the credentials for {url} in {CredentialsFile.PathName}.");
                }

                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command SetStatus(string verb, string status, string description)
    {
        var id = Id();
        var cmd = new Command(verb, description) { id };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var key = await client.UpdateKeyAsync(pr.GetValue(id)!, new UpdateKeyRequest { Status = status }, ct).ConfigureAwait(false);
                if (!CliIo.Json(pr)) Console.WriteLine($"Key {key.AccessKeyId} is {key.Status}.");
                else CliIo.PrintJson(key);
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Rotate()
    {
        var id = Id();
        var cmd = new Command("rotate", "Replace a key by a new one (same user and role); the old one stops working") { id };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var old = pr.GetValue(id)!;
                var created = await client.RotateKeyAsync(old, ct).ConfigureAwait(false);
                PrintSecret(pr, created, "Rotated " + old + " into");

                // Saved credentials that were the old key would stop working: they follow the rotation.
                var url = pr.GetValue(CremaCommandLine.UrlOption)!;
                if (CredentialsFile.Load(url) is { AccessKeyId: { } savedId } && savedId == old)
                {
                    CredentialsFile.Save(url, CremaCredentials.FromAccessKey(created.Key.AccessKeyId, created.SecretAccessKey), created.Key.UserName);
                    if (!CliIo.Json(pr)) Console.WriteLine($"The saved credentials for {url} now use the new key.");
                }

                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Delete()
    {
        var id = Id();
        var cmd = new Command("delete", "Delete a key") { id };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                await client.DeleteKeyAsync(pr.GetValue(id)!, ct).ConfigureAwait(false);
                Console.WriteLine($"Deleted key {pr.GetValue(id)}.");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static void PrintSecret(ParseResult pr, CreateKeyResponse created, string what)
    {
        if (CliIo.Json(pr))
        {
            CliIo.PrintJson(created);
            return;
        }

        var k = created.Key;
        AnsiConsole.MarkupLine($"[green]{Markup.Escape(what)}[/] key for user {Markup.Escape(k.UserName)}" + (k.Role is { } r ? $" limited to role {Markup.Escape(r)}" : "")
            + (k.ExpiresAt is { } e ? $", expires {CliIo.Time(e)}" : ""));
        Console.WriteLine("Access key id:     " + k.AccessKeyId);
        Console.WriteLine("Secret access key: " + created.SecretAccessKey);
        AnsiConsole.MarkupLine("[yellow]Store the secret now: it is shown only this once and cannot be read again.[/]");
    }

    private static void Print(ParseResult pr, ApiKeyDto k)
    {
        if (CliIo.Json(pr))
        {
            CliIo.PrintJson(k);
            return;
        }

        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("Access key id", Markup.Escape(k.AccessKeyId));
        grid.AddRow("User", Markup.Escape(k.UserName));
        grid.AddRow("Role", Markup.Escape(k.Role ?? "- (the user's own permissions)"));
        grid.AddRow("Status", Markup.Escape(k.Status));
        grid.AddRow("Description", Markup.Escape(k.Description ?? "-"));
        grid.AddRow("Created", CliIo.Time(k.CreatedAt));
        grid.AddRow("Expires", CliIo.Time(k.ExpiresAt));
        grid.AddRow("Last used", CliIo.Time(k.LastUsedAt) + (k.LastUsedFrom is { } from ? " from " + Markup.Escape(from) : ""));
        if (k.RotatedFrom is { } rf) grid.AddRow("Rotated from", Markup.Escape(rf));
        CliIo.Write(grid);
    }
}
