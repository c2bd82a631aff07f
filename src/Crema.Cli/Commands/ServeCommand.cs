using System.CommandLine;
using Crema.Server.Hosting;

namespace Crema.Cli.Commands;

/// <summary>`crema serve`: runs the server until Ctrl-C or SIGTERM (then flushes and stops).</summary>
internal static class ServeCommand
{
    public static readonly Option<string?> DataOption = new("--data") { Description = "Data directory (env CREMA_DATA; default ./crema-data)" };
    public static readonly Option<string?> UrlsOption = new("--urls") { Description = $"Listen address(es) (env ASPNETCORE_URLS; default {CremaServer.DefaultUrl})" };

    public static Command Create()
    {
        var cmd = new Command("serve", "Run the Crema server") { DataOption, UrlsOption };
        cmd.TreatUnmatchedTokensAsErrors = false;
        cmd.SetAction(async (pr, ct) =>
        {
            var app = CremaServer.Build(HostArgs(pr));
            try
            {
                await app.RunAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsStartFailure(ex))
            {
                return MetricsCommands.Fail("crema could not start: " + ex.Message);
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>A failure to start that the user can fix (address in use, bad settings, unusable data directory): a message, not a stack trace.</summary>
    internal static bool IsStartFailure(Exception ex)
        => ex is IOException or UnauthorizedAccessException or Microsoft.Extensions.Options.OptionsValidationException or ArgumentException;

    /// <summary>Turns the command's flags (and any unmatched --Section:Key=value) into host arguments.</summary>
    public static string[] HostArgs(ParseResult pr)
    {
        var args = new List<string>();
        if (pr.GetValue(DataOption) is { } d) args.AddRange(["--data", d]);
        if (pr.GetValue(UrlsOption) is { } u) args.AddRange(["--urls", u]);
        args.AddRange(pr.UnmatchedTokens);
        return args.ToArray();
    }
}
