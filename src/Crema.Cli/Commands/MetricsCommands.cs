using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Spectre.Console;

namespace Crema.Cli.Commands;

/// <summary>`crema metrics put|get|list`: the native metrics API from the command line.</summary>
internal static class MetricsCommands
{
    private static readonly Option<string?> Namespace = new("--namespace", "-n") { Description = "Namespace, e.g. CoffeeShop" };
    private static readonly Option<string?> Metric = new("--metric", "-m") { Description = "Metric name, e.g. OrderWait" };
    private static readonly Option<string[]> Dimensions = new("--dimension", "-d") { Description = "Dimension Name=Value (repeatable; for list also Name alone)", AllowMultipleArgumentsPerToken = false };

    public static Command Create()
    {
        var cmd = new Command("metrics", "Write, read and list metrics");
        cmd.Subcommands.Add(Put());
        cmd.Subcommands.Add(Get());
        cmd.Subcommands.Add(List());
        return cmd;
    }

    private static Command Put()
    {
        var value = new Option<double[]>("--value", "-v") { Description = "Value(s) to write (repeatable: several values in one datum)" };
        var unit = new Option<string?>("--unit", "-u") { Description = "Unit (Seconds, Count, Percent, ... None)" };
        var ts = new Option<string?>("--timestamp", "-t") { Description = "When observed (ISO-8601 or epoch seconds; default now)" };
        var res = new Option<int?>("--resolution") { Description = "Storage resolution: 1 or 60 seconds" };
        var file = new Option<FileInfo?>("--file", "-f") { Description = "A JSON PutMetricData request, or JSON Lines of them (shows progress)" };
        var cmd = new Command("put", "Write datapoints (answers once they are durable)") { Namespace, Metric, Dimensions, value, unit, ts, res, file };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = Client(pr);
            var json = pr.GetValue(CremaCommandLine.JsonOption);
            if (pr.GetValue(file) is { } f) return await PutFileAsync(client, f, json, ct).ConfigureAwait(false);
            var values = pr.GetValue(value) ?? [];
            if (pr.GetValue(Namespace) is not { } ns || pr.GetValue(Metric) is not { } m || values.Length == 0)
                return Fail("put needs --namespace, --metric and --value (or --file)");
            DateTimeOffset? when = null;
            if (pr.GetValue(ts) is { } t)
            {
                if (!TryTime(t, out var w)) return Fail($"--timestamp '{t}' is not ISO-8601 or epoch seconds");
                when = w;
            }
            var dims = ParseDimensions(pr.GetValue(Dimensions), requireValue: true);
            if (dims is null) return Fail("--dimension must be Name=Value");
            var datum = new MetricDatumDto
            {
                MetricName = m,
                Dimensions = dims,
                Unit = pr.GetValue(unit),
                Timestamp = when,
                Value = values.Length == 1 ? values[0] : null,
                Values = values.Length > 1 ? values : null,
                StorageResolution = pr.GetValue(res),
            };
            return await Call(async () =>
            {
                var r = await client.PutMetricDataAsync(new PutMetricDataRequest { Namespace = ns, MetricData = [datum] }, ct).ConfigureAwait(false);
                if (json) Console.WriteLine(JsonSerializer.Serialize(r, CremaJson.Options));
                else AnsiConsole.MarkupLine($"[green]Stored[/] {r.Samples} sample(s) of {Markup.Escape(ns)}/{Markup.Escape(m)}");
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static async Task<int> PutFileAsync(CremaClient client, FileInfo f, bool json, CancellationToken ct)
    {
        if (!f.Exists) return Fail($"--file {f.FullName} does not exist");
        var text = await File.ReadAllTextAsync(f.FullName, ct).ConfigureAwait(false);
        var requests = new List<PutMetricDataRequest>();
        try
        {
            var trimmed = text.TrimStart();
            if (trimmed.StartsWith('{') && !text.Trim().Contains('\n', StringComparison.Ordinal))
            {
                requests.Add(JsonSerializer.Deserialize<PutMetricDataRequest>(text, CremaJson.Options)!);
            }
            else
            {
                try
                {
                    requests.Add(JsonSerializer.Deserialize<PutMetricDataRequest>(text, CremaJson.Options)!);
                }
                catch (JsonException)
                {
                    requests.Clear();
                    var n = 0;
                    foreach (var line in text.Split('\n'))
                    {
                        n++;
                        if (line.Trim().Length == 0) continue;
                        try
                        {
                            requests.Add(JsonSerializer.Deserialize<PutMetricDataRequest>(line, CremaJson.Options)!);
                        }
                        catch (JsonException ex)
                        {
                            return Fail($"{f.Name} line {n}: {ex.Message}");
                        }
                    }
                }
            }
        }
        catch (JsonException ex)
        {
            return Fail($"{f.Name}: {ex.Message}");
        }
        long samples = 0;
        var failed = 0;
        await AnsiConsole.Progress().AutoClear(json).HideCompleted(false).StartAsync(async p =>
        {
            var task = p.AddTask($"Writing {requests.Count} request(s)", maxValue: requests.Count);
            foreach (var r in requests)
            {
                try
                {
                    samples += (await client.PutMetricDataAsync(r, ct).ConfigureAwait(false)).Samples;
                }
                catch (CremaApiException ex)
                {
                    failed++;
                    AnsiConsole.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
                }
                task.Increment(1);
            }
        }).ConfigureAwait(false);
        if (json) Console.WriteLine(JsonSerializer.Serialize(new { requests = requests.Count, failed, samples }, CremaJson.Options));
        else AnsiConsole.MarkupLine($"Stored {samples} sample(s) from {requests.Count - failed} request(s); {failed} failed");
        return failed == 0 ? 0 : 1;
    }

    private static Command Get()
    {
        var stat = new Option<string>("--stat", "-s") { Description = "Statistic: Average, Sum, SampleCount, Minimum, Maximum, pNN.NN", DefaultValueFactory = _ => "Average" };
        var period = new Option<int>("--period", "-p") { Description = "Seconds per period (1, 5, 10, 30 or a multiple of 60)", DefaultValueFactory = _ => 60 };
        var since = new Option<string>("--since") { Description = "How far back: 15m, 3h, 2d (default 1h)", DefaultValueFactory = _ => "1h" };
        var start = new Option<string?>("--start") { Description = "Start (ISO-8601 or epoch seconds); overrides --since" };
        var end = new Option<string?>("--end") { Description = "End (ISO-8601 or epoch seconds; default now)" };
        var cmd = new Command("get", "Read statistics of a metric per period") { Namespace, Metric, Dimensions, stat, period, since, start, end };
        cmd.SetAction(async (pr, ct) =>
        {
            if (pr.GetValue(Namespace) is not { } ns || pr.GetValue(Metric) is not { } m) return Fail("get needs --namespace and --metric");
            var dims = ParseDimensions(pr.GetValue(Dimensions), requireValue: true);
            if (dims is null) return Fail("--dimension must be Name=Value (Name=* matches every value)");
            var now = TimeProvider.System.GetUtcNow();
            var e = now;
            if (pr.GetValue(end) is { } es && !TryTime(es, out e)) return Fail($"--end '{es}' is not ISO-8601 or epoch seconds");
            DateTimeOffset s;
            if (pr.GetValue(start) is { } ss)
            {
                if (!TryTime(ss, out s)) return Fail($"--start '{ss}' is not ISO-8601 or epoch seconds");
            }
            else if (TryDuration(pr.GetValue(since)!, out var d)) s = e - d;
            else return Fail($"--since '{pr.GetValue(since)}' must look like 15m, 3h or 2d");
            var req = new GetMetricDataRequest
            {
                StartTime = s,
                EndTime = e,
                ScanBy = "TimestampAscending",
                MetricDataQueries =
                [
                    new MetricDataQueryDto
                    {
                        Id = "m1",
                        MetricStat = new MetricStatDto
                        {
                            Metric = new MetricDto { Namespace = ns, MetricName = m, Dimensions = dims },
                            Period = pr.GetValue(period),
                            Stat = pr.GetValue(stat),
                        },
                    },
                ],
            };
            var client = Client(pr);
            return await Call(async () =>
            {
                var r = await client.GetMetricDataAsync(req, ct).ConfigureAwait(false);
                if (pr.GetValue(CremaCommandLine.JsonOption))
                {
                    Console.WriteLine(JsonSerializer.Serialize(r, CremaJson.Options));
                    return;
                }
                foreach (var res in r.MetricDataResults) Render(res, pr.GetValue(stat)!);
                if (r.MetricDataResults.All(x => x.Values.Count == 0)) AnsiConsole.MarkupLine("[yellow]No datapoints in that range.[/]");
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static void Render(MetricDataResultDto res, string stat)
    {
        if (res.Values.Count == 0) return;
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(res.Label)}[/] ({Markup.Escape(stat)}) {Sparkline(res.Values)}");
        var table = new Table().AddColumn("Time (UTC)").AddColumn(new TableColumn(stat).RightAligned());
        for (var i = 0; i < res.Values.Count; i++)
            table.AddRow(res.Timestamps[i].UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                res.Values[i].ToString("G6", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
    }

    /// <summary>A one-line chart of the values with block characters.</summary>
    internal static string Sparkline(IReadOnlyList<double> values, int width = 60)
    {
        const string bars = "▁▂▃▄▅▆▇█";
        if (values.Count == 0) return "";
        var step = Math.Max(1, (values.Count + width - 1) / width);
        var pts = new List<double>();
        for (var i = 0; i < values.Count; i += step) pts.Add(values.Skip(i).Take(step).Average());
        double lo = pts.Min(), hi = pts.Max();
        var chars = pts.Select(v => hi > lo ? bars[(int)Math.Round((v - lo) / (hi - lo) * (bars.Length - 1))] : bars[3]);
        return string.Concat(chars);
    }

    private static Command List()
    {
        var cmd = new Command("list", "List metrics") { Namespace, Metric, Dimensions };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = Client(pr);
            return await Call(async () =>
            {
                var all = new List<MetricInfoDto>();
                string? token = null;
                do
                {
                    var r = await client.ListMetricsAsync(pr.GetValue(Namespace), pr.GetValue(Metric), pr.GetValue(Dimensions), token, ct).ConfigureAwait(false);
                    all.AddRange(r.Metrics);
                    token = r.NextToken;
                }
                while (token is not null);
                if (pr.GetValue(CremaCommandLine.JsonOption))
                {
                    Console.WriteLine(JsonSerializer.Serialize(all, CremaJson.Options));
                    return;
                }
                var table = new Table().AddColumn("Namespace").AddColumn("Metric").AddColumn("Dimensions").AddColumn("Unit");
                foreach (var m in all)
                    table.AddRow(Markup.Escape(m.Namespace), Markup.Escape(m.MetricName),
                        Markup.Escape(string.Join(", ", m.Dimensions.Select(d => $"{d.Name}={d.Value}"))), Markup.Escape(m.Unit ?? ""));
                AnsiConsole.Write(table);
                AnsiConsole.MarkupLine($"{all.Count} metric(s)");
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    internal static CremaClient Client(ParseResult pr)
    {
        var url = pr.GetValue(CremaCommandLine.UrlOption)!;
        return CremaClient.Create(url, credentials: CremaCredentials.Resolve(url));
    }

    private static List<DimensionDto>? ParseDimensions(string[]? dims, bool requireValue)
    {
        var list = new List<DimensionDto>();
        foreach (var d in dims ?? [])
        {
            var i = d.IndexOf('=', StringComparison.Ordinal);
            if (i <= 0)
            {
                if (requireValue) return null;
                list.Add(new DimensionDto(d, null));
            }
            else
            {
                list.Add(new DimensionDto(d[..i], d[(i + 1)..]));
            }
        }
        return list;
    }

    internal static bool TryTime(string s, out DateTimeOffset t)
    {
        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out t)) return true;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var sec) && Math.Abs(sec) < 253402300799)
        {
            t = DateTimeOffset.FromUnixTimeMilliseconds((long)(sec * 1000));
            return true;
        }
        return false;
    }

    internal static bool TryDuration(string s, out TimeSpan d)
    {
        d = default;
        if (s.Length < 2 || !double.TryParse(s.AsSpan(0, s.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n <= 0) return false;
        d = s[^1] switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => TimeSpan.Zero,
        };
        return d > TimeSpan.Zero;
    }

    internal static async Task<int> Call(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
            return 0;
        }
        catch (CremaApiException ex)
        {
            return Fail(ex.Message);
        }
        catch (HttpRequestException ex)
        {
            return Fail($"cannot reach the Crema server: {ex.Message} (is `crema serve` running? set --url or CREMA_URL)");
        }
    }

    internal static int Fail(string message)
    {
        Console.Error.WriteLine("error: " + message);
        return 2;
    }
}
