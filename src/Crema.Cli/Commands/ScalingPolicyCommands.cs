using System.CommandLine;
using System.Globalization;
using Crema.Client.Contracts;
using Spectre.Console;

namespace Crema.Cli.Commands;

/// <summary>`crema scaling policies list|put-target-tracking|put-step|delete`.</summary>
internal static class ScalingPolicyCommands
{
    public static Command Create()
    {
        var cmd = new Command("policies", "Scaling policies of a target: target tracking (Crema manages its alarms) or steps on one of your alarms");
        var target = new Argument<string>("TARGET") { Description = "Target name" };
        var name = new Argument<string>("NAME") { Description = "Policy name" };

        var list = new Command("list", "List a target's policies with their alarms' states") { target };
        list.SetAction((pr, ct) => ScalingCommands.Run(pr, async client =>
        {
            var policies = (await client.ListScalingPoliciesAsync(pr.GetValue(target)!, ct).ConfigureAwait(false)).Policies;
            if (CliIo.Json(pr))
            {
                CliIo.PrintJson(policies);
                return 0;
            }
            if (policies.Count == 0)
            {
                Console.WriteLine("No policies.");
                return 0;
            }
            var table = new Table().AddColumn("Name").AddColumn("Type").AddColumn("What").AddColumn("Alarms");
            foreach (var p in policies)
            {
                var what = p.TargetTracking is { } tt
                    ? $"{tt.Metric?.Label ?? tt.Metric?.MetricName} at {tt.TargetValue?.ToString(CultureInfo.InvariantCulture)}"
                    : $"steps on {p.StepScaling?.AlarmName}";
                table.AddRow(Markup.Escape(p.PolicyName), p.PolicyType, Markup.Escape(what),
                    Markup.Escape(string.Join(", ", p.Alarms.Select(a => $"{a.AlarmName} ({a.StateValue}{(a.Managed ? ", managed" : "")})"))));
            }
            CliIo.Write(table);
            return 0;
        }));
        cmd.Subcommands.Add(list);

        var ns = new Option<string>("--namespace", "-n") { Description = "Metric namespace", Required = true };
        var metric = new Option<string>("--metric", "-m") { Description = "Metric name", Required = true };
        var dims = new Option<string[]>("--dimension", "-d") { Description = "Dimension Name=Value (repeatable)" };
        var stat = new Option<string>("--stat") { Description = "Statistic, e.g. p90 or Average", DefaultValueFactory = _ => "Average" };
        var unit = new Option<string?>("--unit") { Description = "Unit of the metric for causes, e.g. Seconds" };
        var label = new Option<string?>("--label") { Description = "How people call the number, e.g. \"Order wait p90\"" };
        var value = new Option<double>("--target-value") { Description = "The value to hold the metric at", Required = true };
        var outCd = new Option<int?>("--scale-out-cooldown") { Description = "Seconds (default 300)" };
        var inCd = new Option<int?>("--scale-in-cooldown") { Description = "Seconds (default 300)" };
        var warm = new Option<int?>("--warmup") { Description = "Seconds new capacity needs before it serves (default 0)" };
        var noIn = new Option<bool>("--disable-scale-in") { Description = "Only scale out" };
        var tt = new Command("put-target-tracking", "Create or replace a target-tracking policy") { target, name, ns, metric, dims, stat, unit, label, value, outCd, inCd, warm, noIn };
        tt.SetAction((pr, ct) =>
        {
            var dimensions = new List<DimensionDto>();
            foreach (var d in pr.GetValue(dims) ?? [])
            {
                var eq = d.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) return Task.FromResult(MetricsCommands.Fail($"--dimension '{d}' must look like Name=Value"));
                dimensions.Add(new DimensionDto(d[..eq], d[(eq + 1)..]));
            }
            var request = new PutScalingPolicyRequest
            {
                PolicyType = "TargetTracking",
                TargetTracking = new TargetTrackingConfigurationDto
                {
                    Metric = new ScalingMetricDto
                    {
                        Namespace = pr.GetValue(ns), MetricName = pr.GetValue(metric), Dimensions = dimensions, Statistic = pr.GetValue(stat), Unit = pr.GetValue(unit), Label = pr.GetValue(label),
                    },
                    TargetValue = pr.GetValue(value),
                    ScaleOutCooldown = pr.GetValue(outCd),
                    ScaleInCooldown = pr.GetValue(inCd),
                    Warmup = pr.GetValue(warm),
                    DisableScaleIn = pr.GetValue(noIn) ? true : null,
                },
            };
            return Put(pr, target, name, request, ct);
        });
        cmd.Subcommands.Add(tt);

        var alarm = new Option<string>("--alarm", "-a") { Description = "Your metric alarm that triggers the policy", Required = true };
        var adjustment = new Option<string>("--adjustment-type") { Description = "ChangeInCapacity, ExactCapacity or PercentChangeInCapacity", DefaultValueFactory = _ => "ChangeInCapacity" };
        var steps = new Option<string[]>("--step") { Description = "LOWER:UPPER=ADJUSTMENT relative to the threshold, empty for unbounded, e.g. 0:120=+1 and 120:=+2 (repeatable)", Required = true };
        var cooldown = new Option<int?>("--cooldown") { Description = "Seconds (default 300)" };
        var minMag = new Option<int?>("--min-adjustment-magnitude") { Description = "PercentChangeInCapacity: the smallest change" };
        var aggregation = new Option<string?>("--aggregation") { Description = "Average, Minimum or Maximum of the breaching datapoints" };
        var step = new Command("put-step", "Create or replace a step-scaling policy on one of your alarms") { target, name, alarm, adjustment, steps, cooldown, minMag, aggregation };
        step.SetAction((pr, ct) =>
        {
            var list = new List<StepAdjustmentDto>();
            foreach (var s in pr.GetValue(steps) ?? [])
            {
                if (!TryStep(s, out var dto)) return Task.FromResult(MetricsCommands.Fail($"--step '{s}' must look like LOWER:UPPER=ADJUSTMENT, e.g. 0:120=+1 or 120:=2"));
                list.Add(dto!);
            }
            var request = new PutScalingPolicyRequest
            {
                PolicyType = "StepScaling",
                StepScaling = new StepScalingConfigurationDto
                {
                    AlarmName = pr.GetValue(alarm),
                    AdjustmentType = pr.GetValue(adjustment),
                    StepAdjustments = list,
                    Cooldown = pr.GetValue(cooldown),
                    MinAdjustmentMagnitude = pr.GetValue(minMag),
                    MetricAggregationType = pr.GetValue(aggregation),
                },
            };
            return Put(pr, target, name, request, ct);
        });
        cmd.Subcommands.Add(step);

        var delete = new Command("delete", "Delete a policy (a target-tracking policy's alarms go with it)") { target, name };
        delete.SetAction((pr, ct) => ScalingCommands.Run(pr, async client =>
        {
            await client.DeleteScalingPolicyAsync(pr.GetValue(target)!, pr.GetValue(name)!, ct).ConfigureAwait(false);
            if (CliIo.Json(pr)) CliIo.PrintJson(new { target = pr.GetValue(target), policy = pr.GetValue(name), deleted = true });
            else Console.WriteLine($"Deleted policy {pr.GetValue(name)} of {pr.GetValue(target)}.");
            return 0;
        }));
        cmd.Subcommands.Add(delete);
        return cmd;
    }

    private static Task<int> Put(ParseResult pr, Argument<string> target, Argument<string> name, PutScalingPolicyRequest request, CancellationToken ct) =>
        ScalingCommands.Run(pr, async client =>
        {
            var p = await client.PutScalingPolicyAsync(pr.GetValue(target)!, pr.GetValue(name)!, request, ct).ConfigureAwait(false);
            if (CliIo.Json(pr)) CliIo.PrintJson(p);
            else Console.WriteLine($"Policy {p.PolicyName} of {p.TargetName} ({p.PolicyType}); alarms: {string.Join(", ", p.Alarms.Select(a => a.AlarmName + (a.Managed ? " (managed)" : "")))}.");
            return 0;
        });

    /// <summary>"0:120=+1", ":0=-1", "120:=2".</summary>
    internal static bool TryStep(string text, out StepAdjustmentDto? step)
    {
        step = null;
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (eq < 0 || colon < 0 || colon > eq) return false;
        double? lower = null, upper = null;
        if (colon > 0)
        {
            if (!double.TryParse(text[..colon], NumberStyles.Float, CultureInfo.InvariantCulture, out var l)) return false;
            lower = l;
        }
        if (eq > colon + 1)
        {
            if (!double.TryParse(text[(colon + 1)..eq], NumberStyles.Float, CultureInfo.InvariantCulture, out var u)) return false;
            upper = u;
        }
        if (!int.TryParse(text[(eq + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var adj)) return false;
        step = new StepAdjustmentDto { MetricIntervalLowerBound = lower, MetricIntervalUpperBound = upper, ScalingAdjustment = adj };
        return true;
    }
}
