using System.CommandLine;

namespace Crema.Cli.Commands;

/// <summary>The `crema` command tree: serve and demo host the server; every other verb talks HTTP.</summary>
public static class CremaCommandLine
{
    /// <summary>--url for client verbs (env CREMA_URL; default the server's default address).</summary>
    public static readonly Option<Uri> UrlOption = new("--url")
    {
        Description = "Crema server address (env CREMA_URL)",
        DefaultValueFactory = _ => new Uri(Environment.GetEnvironmentVariable("CREMA_URL") is { Length: > 0 } u ? u : Server.Hosting.CremaServer.DefaultUrl),
        Recursive = true,
        // System.CommandLine 2.0 has no built-in Uri conversion: without this parser every --url threw.
        CustomParser = ParseUrl,
    };

    /// <summary>--json: machine-readable output.</summary>
    public static readonly Option<bool> JsonOption = new("--json") { Description = "Print JSON instead of tables", Recursive = true };

    public static RootCommand Build()
    {
        var root = new RootCommand("Crema: self-hosted monitoring — metrics, alarms, scaling, audit and advice.");
        root.Options.Add(UrlOption);
        root.Options.Add(JsonOption);
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(MetricsCommands.Create());
        root.Subcommands.Add(AuthCommands.Login());
        root.Subcommands.Add(AuthCommands.Logout());
        root.Subcommands.Add(AuthCommands.WhoAmI());
        root.Subcommands.Add(AuthCommands.Password());
        root.Subcommands.Add(AuthCommands.Mfa());
        root.Subcommands.Add(UsersCommands.Create());
        root.Subcommands.Add(RolesCommands.Create());
        root.Subcommands.Add(KeysCommands.Create());
        root.Subcommands.Add(AuditCommands.Create());
        root.Subcommands.Add(AlarmsCommands.Create());
        root.Subcommands.Add(TopicsCommands.Create());
        root.Subcommands.Add(ScalingCommands.Create());
        root.Subcommands.Add(DashboardsCommands.Create());
        root.Subcommands.Add(AdvisorCommands.Create());
        return root;
    }

    private static Uri? ParseUrl(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)) return uri;
        result.AddError($"--url '{text}' must be an absolute http:// or https:// address");
        return null;
    }
}
