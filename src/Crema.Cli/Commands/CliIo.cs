using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Crema.Client;
using Spectre.Console;

namespace Crema.Cli.Commands;

/// <summary>Shared pieces of the identity and audit verbs: secrets from a hidden prompt or stdin, JSON output, times and durations.</summary>
internal static class CliIo
{
    /// <summary>Exit code when a check ran and found problems (a verification that is not OK).</summary>
    public const int NotOk = 1;

    /// <summary>--password-stdin: read the password as one line from standard input.</summary>
    public static Option<bool> PasswordStdin() => new("--password-stdin") { Description = "Read the password as one line from standard input" };

    /// <summary>True when a person can answer prompts (standard input is a terminal).</summary>
    public static bool Interactive => !Console.IsInputRedirected;

    /// <summary>
    /// A secret: one line from stdin when <paramref name="fromStdin"/>, a hidden prompt on a terminal, else null
    /// (the caller says how to pass it without a terminal).
    /// </summary>
    public static string? ReadSecret(string prompt, bool fromStdin)
    {
        if (fromStdin)
        {
            var line = Console.In.ReadLine();
            return string.IsNullOrEmpty(line) ? null : line;
        }

        if (!Interactive) return null;
        return AnsiConsole.Prompt(new TextPrompt<string>(prompt).Secret());
    }

    /// <summary>A visible prompt on a terminal, else null.</summary>
    public static string? Ask(string prompt) => Interactive ? AnsiConsole.Prompt(new TextPrompt<string>(prompt)) : null;

    /// <summary>
    /// Writes a table or grid; when the output goes to a pipe or file, rows are not wrapped at 80 columns, so that
    /// each row stays one line for grep and friends.
    /// </summary>
    public static void Write(Spectre.Console.Rendering.IRenderable renderable)
    {
        if (Console.IsOutputRedirected && AnsiConsole.Profile.Width < 240) AnsiConsole.Profile.Width = 240;
        AnsiConsole.Write(renderable);
    }

    public static bool Json(ParseResult pr) => pr.GetValue(CremaCommandLine.JsonOption);

    public static void PrintJson<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, CremaJson.Options));

    /// <summary>UTC, to the second, or "-".</summary>
    public static string Time(DateTimeOffset? t) =>
        t is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z" : "-";

    /// <summary>A time given as a duration ago (15m, 2h, 7d), ISO-8601 or epoch seconds.</summary>
    public static bool TryTimeOrAgo(string text, DateTimeOffset now, out DateTimeOffset t)
    {
        if (MetricsCommands.TryDuration(text, out var d))
        {
            t = now - d;
            return true;
        }

        return MetricsCommands.TryTime(text, out t);
    }

    /// <summary>A time range from --since (a duration back from now) or --from/--to; the error names the option.</summary>
    public static bool TryRange(string? since, string? from, string? to, DateTimeOffset now, out DateTimeOffset? start, out DateTimeOffset? end, out string? error)
    {
        start = null;
        end = null;
        error = null;
        if (since is not null)
        {
            if (from is not null) return Error("use --since or --from, not both", out error);
            if (!MetricsCommands.TryDuration(since, out var d)) return Error($"--since '{since}' must look like 15m, 3h or 7d", out error);
            start = now - d;
        }
        else if (from is not null)
        {
            if (!TryTimeOrAgo(from, now, out var f)) return Error($"--from '{from}' is not ISO-8601, epoch seconds or a duration ago", out error);
            start = f;
        }

        if (to is not null)
        {
            if (!TryTimeOrAgo(to, now, out var t)) return Error($"--to '{to}' is not ISO-8601, epoch seconds or a duration ago", out error);
            end = t;
        }

        return true;
    }

    /// <summary>A key expiry: a duration from now (90d) or an ISO-8601 time.</summary>
    public static bool TryExpiry(string text, DateTimeOffset now, out DateTimeOffset t)
    {
        if (MetricsCommands.TryDuration(text, out var d))
        {
            t = now + d;
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out t);
    }

    /// <summary>Runs <paramref name="action"/> as <see cref="MetricsCommands.Call"/> does, but keeps the exit code it returns.</summary>
    public static async Task<int> Run(Func<Task<int>> action)
    {
        var code = 0;
        try
        {
            var status = await MetricsCommands.Call(async () =>
            {
                try
                {
                    code = await action().ConfigureAwait(false);
                }
                catch (CremaApiException ex) when (ex.Status == 401 && ex.Problem?.Title != "Sign-in refused")
                {
                    code = MetricsCommands.Fail(ex.Message);
                    Console.Error.WriteLine("hint: sign in with `crema login`, or set CREMA_ACCESS_KEY_ID and CREMA_SECRET_ACCESS_KEY (or CREMA_SESSION_TOKEN)");
                }
            }).ConfigureAwait(false);
            return status != 0 ? status : code;
        }
        catch (IOException ex)
        {
            return MetricsCommands.Fail(ex.Message);
        }
        catch (UnauthorizedAccessException ex)
        {
            return MetricsCommands.Fail(ex.Message);
        }
        catch (FormatException ex)
        {
            return MetricsCommands.Fail(ex.Message);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            return MetricsCommands.Fail("the public key cannot be read: " + ex.Message);
        }
        catch (JsonException ex)
        {
            return MetricsCommands.Fail(ex.Message);
        }
    }

    private static bool Error(string message, out string? error)
    {
        error = message;
        return false;
    }
}
