using System.CommandLine;
using System.Globalization;
using Crema.Client;
using Crema.Server.Hosting;
using Crema.Server.Security;
using Crema.Simulator;
using Crema.Simulator.Metrics;
using Crema.Simulator.Trouble;
using Spectre.Console;

namespace Crema.Cli.Commands;

/// <summary>
/// `crema demo`: the server on the embedded storage plus the coffee-shop simulator, time
/// accelerated, with a live summary in the terminal until Ctrl-C (or --for).
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var shops = new Option<int>("--shops") { Description = "How many shops to simulate", DefaultValueFactory = _ => 3 };
        var speed = new Option<double>("--speed") { Description = "Time acceleration until the simulation catches up with now (120 = 12 h in 6 min)", DefaultValueFactory = _ => 120 };
        var seed = new Option<int>("--seed") { Description = "Random seed of the simulation", DefaultValueFactory = _ => 42 };
        var lookback = new Option<string?>("--lookback") { Description = "How far back the simulation starts (e.g. 12h); default: 06:15 this morning (yesterday before 08:15)" };
        var duration = new Option<string?>("--for") { Description = "Stop after this long (e.g. 30s, 10m); default: until Ctrl-C" };
        var trouble = new Option<string?>("--trouble")
        {
            Description = "Trouble: 'none', or e.g. barista:Harbour@+2m+20m,late:Station:milk@+1m+30m (the default: @+… counts from the moment the simulation "
                          + "catches up with now, once; @HH:MM is a local time every simulated day, e.g. barista:Harbour@08:00+60m, late:Station:milk+2h; only shops that run)",
        };
        var webhook = new Option<string?>("--webhook") { Description = "Also send the alarms' notifications to this webhook URL (signed; the secret is printed once)" };
        var cmd = new Command("demo", "Run the server and the coffee-shop simulator, with a live summary")
        {
            ServeCommand.DataOption, ServeCommand.UrlsOption, shops, speed, seed, lookback, duration, trouble, webhook,
        };
        cmd.TreatUnmatchedTokensAsErrors = false;
        cmd.SetAction(async (pr, ct) =>
        {
            var back = DefaultLookback(TimeProvider.System.GetUtcNow(), TimeZoneInfo.Local);
            if (pr.GetValue(lookback) is { } lb && !MetricsCommands.TryDuration(lb, out back)) return MetricsCommands.Fail("--lookback must look like 12h or 90m");
            TimeSpan? runFor = null;
            if (pr.GetValue(duration) is { } f)
            {
                if (!MetricsCommands.TryDuration(f, out var d)) return MetricsCommands.Fail("--for must look like 30s, 10m or 2h");
                runFor = d;
            }
            Uri? hook = null;
            if (pr.GetValue(webhook) is { } w && (!Uri.TryCreate(w, UriKind.Absolute, out hook) || hook.Scheme is not ("http" or "https")))
                return MetricsCommands.Fail("--webhook must be an absolute http or https URL");
            var shopCount = pr.GetValue(shops);
            List<ShopTrouble> troubles;
            if (pr.GetValue(trouble) is { } tr)
            {
                if (!ShopTrouble.TryParseList(tr, out troubles, out var error)) return MetricsCommands.Fail("--trouble: " + error);
            }
            else
            {
                troubles = DemoAlarms.DefaultTrouble(shopCount);
            }
            var profiles = Crema.Simulator.Model.ShopProfile.CreateDefaults(Math.Clamp(shopCount, 1, 100));
            foreach (var t in troubles)
                if (t.AfterCatchUp is not null && !profiles.Any(p => p.Name == t.Shop)) return MetricsCommands.Fail($"--trouble: Shop '{t.Shop}' is not one of the simulated shops");
            var offset = TimeZoneInfo.Local.GetUtcOffset(TimeProvider.System.GetUtcNow());
            // Relative trouble counts from the catch-up, foreseen from now (the server's start-up shifts it by a second or two).
            var started = TimeProvider.System.GetUtcNow();
            var catchUpAt = TroublePlan.CatchUpAt(started, back, pr.GetValue(speed));
            var plan = TroublePlan.Resolve(troubles, catchUpAt, offset, profiles);
            var options = new SimulatorOptions
            {
                Shops = shopCount,
                Troubles = plan.Daily,
                Acceleration = pr.GetValue(speed),
                Seed = pr.GetValue(seed),
                Lookback = back,
                UtcOffset = offset,
            };
            var problems = options.Validate();
            if (problems.Count > 0) return MetricsCommands.Fail(string.Join("; ", problems));
            return await RunAsync(ServeCommand.HostArgs(pr), options, troubles, plan, (started, catchUpAt), runFor, hook, ct).ConfigureAwait(false);
        });
        return cmd;
    }

    /// <summary>The address the simulator and the hints use: a wildcard listen address (0.0.0.0, [::], +, *) becomes loopback.</summary>
    internal static Uri ClientAddress(string listen)
    {
        var text = listen.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal);
        var b = new UriBuilder(text);
        if (b.Host is "0.0.0.0") b.Host = "127.0.0.1";
        else if (b.Host is "[::]" or "::") b.Host = "[::1]";
        b.Path = "/";
        return b.Uri;
    }

    /// <summary>Starts the simulation at 06:15 local today, before the 06:30 milk delivery and the first opening (yesterday when that is
    /// less than 2 h ago), so the demo opens on a shop day with its milk delivered (starting later skips it, and the shops run dry by mid-morning).</summary>
    internal static TimeSpan DefaultLookback(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var six = new DateTimeOffset(local.Year, local.Month, local.Day, 6, 15, 0, local.Offset);
        if (local - six < TimeSpan.FromHours(2)) six = six.AddDays(-1);
        return local - six;
    }

    private static async Task<int> RunAsync(string[] hostArgs, SimulatorOptions options, List<ShopTrouble> troubles, TroublePlan plan,
        (DateTimeOffset From, DateTimeOffset Until) catchUp, TimeSpan? runFor, Uri? webhook, CancellationToken ct)
    {
        // Keep the server's own log quiet so the live summary stays readable.
        var app = CremaServer.Build([.. hostArgs, "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning"]);
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ServeCommand.IsStartFailure(ex))
        {
            await app.DisposeAsync().ConfigureAwait(false);
            return MetricsCommands.Fail("crema could not start: " + ex.Message);
        }
        var url = ClientAddress(app.Urls.First());
        var storage = app.Services.GetRequiredService<StorageHost>();
        var identity = app.Services.GetRequiredService<IdentityService>();

        // The simulator is a till like any other: its own user with an ingest-only key, through the public API.
        var simulatorKey = await identity.ReplaceServiceKeyAsync("coffee-shop-simulator", "ingest-only", "crema demo simulator", ct).ConfigureAwait(false);
        var client = CremaClient.Create(url, credentials: CremaCredentials.FromAccessKey(simulatorKey.Key.AccessKeyId, simulatorKey.SecretAccessKey));
        var audit = app.Services.GetRequiredService<Crema.Server.Audit.AuditRecorder>();
        await audit.RecordSystemAsync("CreateKey", new System.Text.Json.Nodes.JsonObject { ["userName"] = simulatorKey.Key.UserName, ["role"] = "ingest-only", ["by"] = "crema demo" },
            ["keys/" + simulatorKey.Key.UserName + "/" + simulatorKey.Key.AccessKeyId]).ConfigureAwait(false);

        // The person at this terminal is signed in as root for the CLI (saved like `crema login` does).
        var session = await identity.OpenLocalSessionAsync(IdentityService.RootUserName, ct).ConfigureAwait(false);
        CredentialsFile.Save(url, CremaCredentials.FromSession(session.SessionToken), session.UserName);
        await audit.RecordSystemAsync("SignIn", new System.Text.Json.Nodes.JsonObject { ["userName"] = session.UserName, ["by"] = "crema demo (local terminal)" },
            ["users/" + session.UserName], session.UserName).ConfigureAwait(false);
        using var sim = new CoffeeShopSimulation(options, new CremaClientMetricSink(client), TimeProvider.System);
        using var actuator = Crema.Simulator.Scaling.ShopActuatorListener.Start(sim, DemoScaling.WarmUp);
        using var liveTrouble = new LiveTrouble(sim, plan.Live);

        // The alarms are made as root (the terminal's session), through the public API like `crema alarms put` would.
        var admin = CremaClient.Create(url, credentials: CremaCredentials.FromSession(session.SessionToken));
        var alarms = new DemoAlarms(admin, options.Namespace, [.. sim.Shops.Select(s => s.Name)],
            [.. sim.Shops.Select(s => (s.Name, s.Profile.Opens, s.Profile.Closes))], options.UtcOffset);
        string? secret;
        try
        {
            secret = await alarms.SetUpAsync(webhook, catchUp, ct).ConfigureAwait(false);
            await DemoScaling.SetUpAsync(admin, sim, actuator, ct).ConfigureAwait(false);
            await new DemoDashboards(admin, options.Namespace, [.. sim.Shops.Select(s => s.Name)]).SetUpAsync(ct).ConfigureAwait(false);
            await new DemoAdvisor(admin, sim).SetUpAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is CremaApiException or HttpRequestException)
        {
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            return MetricsCommands.Fail("crema demo could not create its alarms: " + ex.Message);
        }
        // SIGTERM reaches the web host's lifetime (which stops the server), not necessarily the command's token: either ends the demo.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, app.Lifetime.ApplicationStopping);
        if (runFor is { } rf) stop.CancelAfter(rf);

        AnsiConsole.MarkupLine($"[bold]Crema[/] is running at [link]{url}[/] with a simulated coffee shop ({options.Shops} shops, {options.Acceleration}× until it catches up with now).");
        AnsiConsole.MarkupLine($"The web console: [link]{url}[/] (dashboards [bold]{DemoDashboards.OverviewName}[/] and one per shop; sign in as [bold]root[/]).");
        AnsiConsole.MarkupLine($"Data directory: {Markup.Escape(Path.GetFullPath(app.Configuration["Crema:DataDirectory"] ?? "crema-data"))}");
        AnsiConsole.MarkupLine($"The CLI is signed in as [bold]root[/] for this server until {session.ExpiresAt.ToLocalTime():HH:mm} (saved in {Markup.Escape(CredentialsFile.PathName)}); the simulator writes with its own ingest-only key {simulatorKey.Key.AccessKeyId}.");
        AnsiConsole.MarkupLine("Sign in elsewhere as [bold]root[/] with the password printed at the first start (or set with --root-password / CREMA_ROOT_PASSWORD).");
        AnsiConsole.MarkupLine($"Alarms: {DemoAlarms.Kinds.Length} per shop ({string.Join(", ", DemoAlarms.Kinds)}) notify topic [bold]{DemoAlarms.Topic}[/] (log{(webhook is null ? "" : ", webhook " + Markup.Escape(webhook.ToString()))}); they see the shops once the simulation has caught up with now.");
        if (secret is not null) AnsiConsole.MarkupLine($"Webhook signing secret (shown once): {Markup.Escape(secret)}");
        AnsiConsole.MarkupLine(troubles.Count == 0 ? "Trouble: none." : "Trouble: " + Markup.Escape(string.Join("; ", troubles.Select(t => t.Describe()))) + ".");
        AnsiConsole.MarkupLine("Try, in another terminal:");
        AnsiConsole.MarkupLine($"  [grey]crema metrics list --namespace CoffeeShop --url {url}[/]");
        AnsiConsole.MarkupLine($"  [grey]crema metrics get -n CoffeeShop -m OrderWait -d Shop=Central --stat p90 --period 300 --since 12h --url {url}[/]");
        AnsiConsole.MarkupLine($"  [grey]crema alarms list --url {url}[/]");
        AnsiConsole.MarkupLine($"  [grey]crema scaling activities --url {url}[/]   (each shop's baristas scale on p90 order wait, target {DemoScaling.TargetWaitSeconds:F0} s)");
        AnsiConsole.MarkupLine($"  [grey]crema audit lookup --since 15m --url {url}[/]");
        AnsiConsole.MarkupLine($"  [grey]curl {url}health[/]   (API description: {url}openapi/v1.json)");
        AnsiConsole.MarkupLine("Press Ctrl-C to stop.");

        var simTask = sim.RunAsync(stop.Token);
        try
        {
            if (Console.IsOutputRedirected) await PrintLinesAsync(sim, storage, alarms, stop.Token).ConfigureAwait(false);
            else await LiveAsync(sim, storage, alarms, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        await simTask.ConfigureAwait(false);
        using (var flushDeadline = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try
            {
                await sim.FlushAsync(flushDeadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        Console.WriteLine(Summary(sim, storage));
        Console.WriteLine(alarms.SummaryLine());
        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        return 0;
    }

    private static async Task LiveAsync(CoffeeShopSimulation sim, StorageHost storage, DemoAlarms alarms, CancellationToken ct)
    {
        await alarms.PollAsync(ct).ConfigureAwait(false);
        await AnsiConsole.Live(new Rows(Build(sim, storage), alarms.Panel())).AutoClear(false).StartAsync(async ctx =>
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(1000, ct).ConfigureAwait(false);
                await alarms.PollAsync(ct).ConfigureAwait(false);
                ctx.UpdateTarget(new Rows(Build(sim, storage), alarms.Panel()));
            }
        }).ConfigureAwait(false);
    }

    private static async Task PrintLinesAsync(CoffeeShopSimulation sim, StorageHost storage, DemoAlarms alarms, CancellationToken ct)
    {
        var tick = 0;
        while (!ct.IsCancellationRequested)
        {
            // Alarms every second (each change is a line of its own), the shops every 5 s.
            await Task.Delay(1000, ct).ConfigureAwait(false);
            foreach (var change in await alarms.PollAsync(ct).ConfigureAwait(false)) Console.WriteLine(DemoAlarms.ChangeLine(sim.SimulatedNow, change));
            if (++tick % 5 != 0) continue;
            Console.WriteLine(Summary(sim, storage));
            Console.WriteLine("  " + alarms.SummaryLine());
            foreach (var s in sim.Snapshot())
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {s.Shop,-10} {(s.Open ? "open  " : "closed")} queue {s.Queue,3}  baristas {s.Baristas}  wait p90 {Fmt(s.WaitP90Last15MinSeconds)} s  sold {s.CoffeesSoldToday,5}  revenue {s.RevenueToday,9:F2}  milk {s.StockMilkLitres,6:F1} l"));
            }
        }
    }

    private static string Summary(CoffeeShopSimulation sim, StorageHost storage)
    {
        var st = storage.Engine.GetStats();
        var sink = sim.SinkStats;
        return string.Create(CultureInfo.InvariantCulture,
            $"simulated {sim.SimulatedNow.LocalDateTime:yyyy-MM-dd HH:mm}  datums sent {sink.DatumsSent}  failed {sink.DatumsFailed}  series {st.Series}  samples stored {st.SamplesAppended}  blocks {st.Blocks}");
    }

    private static Table Build(CoffeeShopSimulation sim, StorageHost storage)
    {
        var t = new Table().Border(TableBorder.Rounded).Title($"[bold]Coffee shops[/] — simulated {sim.SimulatedNow.LocalDateTime:ddd HH:mm:ss}")
            .Caption(Markup.Escape(Summary(sim, storage)));
        foreach (var c in new[] { "Shop", "Open", "Queue", "Baristas", "Wait p90 (15 min)", "Coffees today", "Revenue", "Milk l", "Beans kg", "Cups", "Walked away", "Lost sales" })
            t.AddColumn(new TableColumn(c).RightAligned());
        foreach (var s in sim.Snapshot())
        {
            var wait = s.WaitP90Last15MinSeconds;
            var waitText = wait is null ? "-" : wait > 300 ? $"[red]{Fmt(wait)} s[/]" : $"{Fmt(wait)} s";
            t.AddRow(Markup.Escape(s.Shop), s.Open ? "[green]open[/]" : "[grey]closed[/]", Bar(s.Queue), s.Baristas.ToString(CultureInfo.InvariantCulture),
                waitText, s.CoffeesSoldToday.ToString(CultureInfo.InvariantCulture), s.RevenueToday.ToString("F2", CultureInfo.InvariantCulture),
                Level(s.StockMilkLitres, 10), s.StockBeansKg.ToString("F1", CultureInfo.InvariantCulture), s.StockCups.ToString(CultureInfo.InvariantCulture),
                s.AbandonedToday.ToString(CultureInfo.InvariantCulture), s.LostSalesToday > 0 ? $"[red]{s.LostSalesToday}[/]" : "0");
        }
        return t;
    }

    private static string Bar(int queue) => queue.ToString(CultureInfo.InvariantCulture) + " " + new string('█', Math.Min(queue, 12));

    private static string Level(double litres, double low)
        => litres < low ? $"[red]{litres:F1}[/]" : litres.ToString("F1", CultureInfo.InvariantCulture);

    private static string Fmt(double? v) => v is null ? "-" : v.Value.ToString("F0", CultureInfo.InvariantCulture);
}
