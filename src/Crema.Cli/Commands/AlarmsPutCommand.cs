using System.CommandLine;
using System.Text.Json;
using Crema.Client.Contracts;
using Spectre.Console;

namespace Crema.Cli.Commands;

/// <summary>`crema alarms put NAME …`: create or replace a metric alarm from options, or from a PutMetricAlarm JSON file sent unchanged.</summary>
internal static class AlarmsPutCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "Alarm name" };
        var ns = new Option<string?>("--namespace", "-n") { Description = "Namespace, e.g. CoffeeShop" };
        var metric = new Option<string?>("--metric", "-m") { Description = "Metric name, e.g. OrderWait" };
        var dims = new Option<string[]>("--dimension", "-d") { Description = "Dimension Name=Value (repeatable)" };
        var stat = new Option<string?>("--stat", "-s") { Description = "Statistic: Average (default), Sum, SampleCount, Minimum, Maximum or a percentile such as p90" };
        var period = new Option<int?>("--period", "-p") { Description = "Seconds per period: 10, 20, 30 or a multiple of 60 (default 60)" };
        var evaluationPeriods = new Option<int?>("--evaluation-periods") { Description = "How many recent periods are compared (default 1)" };
        var datapoints = new Option<int?>("--datapoints-to-alarm") { Description = "How many of them must breach (default: all)" };
        var threshold = new Option<double?>("--threshold") { Description = "The value compared with" };
        var comparison = new Option<string?>("--comparison") { Description = "'>', '>=', '<', '<=' or a CloudWatch name such as GreaterThanThreshold" };
        var missing = new Option<string?>("--treat-missing-data") { Description = "missing (default), notBreaching, breaching or ignore" };
        var description = new Option<string?>("--description") { Description = "What the alarm means and what to do" };
        var alarmActions = new Option<string[]>("--alarm-action") { Description = "Topic notified on entering ALARM (repeatable)" };
        var okActions = new Option<string[]>("--ok-action") { Description = "Topic notified on entering OK (repeatable)" };
        var insufficientActions = new Option<string[]>("--insufficient-data-action") { Description = "Topic notified on entering INSUFFICIENT_DATA (repeatable)" };
        var unit = new Option<string?>("--unit", "-u") { Description = "Only datapoints of this unit, e.g. Seconds" };
        var file = new Option<FileInfo?>("--file", "-f") { Description = "A PutMetricAlarm JSON body, sent as is (instead of the options above)" };
        Option[] fields = [ns, metric, dims, stat, period, evaluationPeriods, datapoints, threshold, comparison, missing, description, alarmActions, okActions, insufficientActions, unit];
        var cmd = new Command("put", "Create or replace a metric alarm (a new alarm starts in INSUFFICIENT_DATA)") { name };
        foreach (var o in fields) cmd.Options.Add(o);
        cmd.Options.Add(file);
        cmd.SetAction(async (pr, ct) =>
        {
            var alarmName = pr.GetValue(name)!;
            string? body = null;
            PutMetricAlarmRequest? request = null;
            if (pr.GetValue(file) is { } f)
            {
                foreach (var o in fields)
                    if (pr.GetResult(o) is not null) return MetricsCommands.Fail($"use --file or {o.Name}, not both: the file is sent as is");
                if (!f.Exists) return MetricsCommands.Fail($"--file {f.FullName} does not exist");
                body = await File.ReadAllTextAsync(f.FullName, ct).ConfigureAwait(false);
                if (JsonError(body) is { } error) return MetricsCommands.Fail($"{f.Name}: {error}");
            }
            else
            {
                if (pr.GetValue(ns) is not { } nsValue || pr.GetValue(metric) is not { } metricValue)
                    return MetricsCommands.Fail("put needs --namespace and --metric (or --file)");
                if (pr.GetValue(threshold) is not { } thresholdValue) return MetricsCommands.Fail("put needs --threshold");
                if (pr.GetValue(comparison) is not { } comparisonValue) return MetricsCommands.Fail("put needs --comparison, e.g. '>'");
                if (ParseDimensions(pr.GetValue(dims)) is not { } dimensions) return MetricsCommands.Fail("--dimension must be Name=Value");
                request = new PutMetricAlarmRequest
                {
                    AlarmDescription = pr.GetValue(description),
                    Namespace = nsValue,
                    MetricName = metricValue,
                    Dimensions = dimensions,
                    Statistic = pr.GetValue(stat) ?? "Average",
                    Period = pr.GetValue(period) ?? 60,
                    Unit = pr.GetValue(unit),
                    EvaluationPeriods = pr.GetValue(evaluationPeriods) ?? 1,
                    DatapointsToAlarm = pr.GetValue(datapoints),
                    Threshold = thresholdValue,
                    ComparisonOperator = AlarmsText.ComparisonName(comparisonValue),
                    TreatMissingData = pr.GetValue(missing),
                    AlarmActions = pr.GetValue(alarmActions) ?? [],
                    OkActions = pr.GetValue(okActions) ?? [],
                    InsufficientDataActions = pr.GetValue(insufficientActions) ?? [],
                };
            }

            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var alarm = body is not null
                    ? await client.PutMetricAlarmJsonAsync(alarmName, body, ct).ConfigureAwait(false)
                    : await client.PutMetricAlarmAsync(alarmName, request!, ct).ConfigureAwait(false);
                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(alarm);
                    return 0;
                }

                AnsiConsole.MarkupLine($"[green]Saved[/] alarm {Markup.Escape(alarm.AlarmName)}: {Markup.Escape(AlarmsText.Condition(alarm))}, now {AlarmsText.StateMarkup(alarm.StateValue)}");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    /// <summary>Null when <paramref name="text"/> is one JSON object; else why not (the server would refuse it less precisely).</summary>
    private static string? JsonError(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
            return doc.RootElement.ValueKind == JsonValueKind.Object ? null : "must hold one JSON object (a PutMetricAlarm body)";
        }
        catch (JsonException ex)
        {
            return ex.Message;
        }
    }

    private static List<DimensionDto>? ParseDimensions(string[]? dims)
    {
        var list = new List<DimensionDto>();
        foreach (var d in dims ?? [])
        {
            var i = d.IndexOf('=', StringComparison.Ordinal);
            if (i <= 0) return null;
            list.Add(new DimensionDto(d[..i], d[(i + 1)..]));
        }

        return list;
    }
}
