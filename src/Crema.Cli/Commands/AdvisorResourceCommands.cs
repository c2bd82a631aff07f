using System.CommandLine;
using System.Globalization;
using Crema.Client.Contracts;
using Spectre.Console;

namespace Crema.Cli.Commands;

/// <summary>`crema advisor resources list|put|delete`: the business resources the cost checks speak about.</summary>
internal static class AdvisorResourceCommands
{
    public static Command Create()
    {
        var cmd = new Command("resources", "Business resources: what they cost and the metric that shows their use");
        cmd.Subcommands.Add(List());
        cmd.Subcommands.Add(Put());
        cmd.Subcommands.Add(Delete());
        return cmd;
    }

    private static Command List()
    {
        var cmd = new Command("list", "List business resources with their monthly cost and usage metric");
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var list = (await client.ListAdvisorResourcesAsync(ct).ConfigureAwait(false)).Resources;
                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(list);
                    return 0;
                }

                var table = new Table().AddColumn("Name").AddColumn("Kind").AddColumn(new TableColumn("Cost / month").RightAligned()).AddColumn("Metric")
                    .AddColumn(new TableColumn("Capacity").RightAligned());
                foreach (var r in list)
                {
                    table.AddRow(Markup.Escape(r.Name), Markup.Escape(r.Kind), $"{r.Currency} {r.MonthlyCost.ToString("0.00", CultureInfo.InvariantCulture)}",
                        Markup.Escape($"{r.Namespace}/{r.MetricName}"), r.Capacity.ToString(CultureInfo.InvariantCulture));
                }

                CliIo.Write(table);
                Console.WriteLine($"{list.Count} resource(s)");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Put()
    {
        var name = new Argument<string>("NAME") { Description = "Resource name, e.g. grinder-2" };
        var kind = new Option<string>("--kind") { Description = "What it is, e.g. \"espresso machine\" or barista", Required = true };
        var cost = new Option<string>("--cost") { Description = "Cost per period (e.g. 12.50)", Required = true };
        var per = new Option<string>("--per") { Description = "hour or month (default month)", DefaultValueFactory = _ => "month" };
        var currency = new Option<string>("--currency") { Description = "Currency code, e.g. EUR", Required = true };
        var ns = new Option<string>("--namespace") { Description = "Namespace of the usage metric", Required = true };
        var metric = new Option<string>("--metric") { Description = "Name of the usage metric", Required = true };
        var dims = new Option<string[]>("--dimension") { Description = "Dimension of the usage metric as Name=Value (repeatable)", AllowMultipleArgumentsPerToken = false };
        var capacity = new Option<string>("--capacity") { Description = "The metric value that means full use", Required = true };
        var cmd = new Command("put", "Create or replace a business resource") { name, kind, cost, per, currency, ns, metric, dims, capacity };
        cmd.SetAction(async (pr, ct) =>
        {
            if (!decimal.TryParse(pr.GetValue(cost), NumberStyles.Number, CultureInfo.InvariantCulture, out var costValue))
                return MetricsCommands.Fail("--cost: must be a number such as 12.50");
            if (!double.TryParse(pr.GetValue(capacity), NumberStyles.Float, CultureInfo.InvariantCulture, out var capacityValue))
                return MetricsCommands.Fail("--capacity: must be a number");
            var dimensions = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var d in pr.GetValue(dims) ?? [])
            {
                var eq = d.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) return MetricsCommands.Fail($"--dimension '{d}': must be Name=Value");
                dimensions[d[..eq]] = d[(eq + 1)..];
            }

            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var r = await client.PutAdvisorResourceAsync(pr.GetValue(name)!, new PutAdvisorResourceRequest
                {
                    Kind = pr.GetValue(kind), Cost = costValue, CostPeriod = pr.GetValue(per), Currency = pr.GetValue(currency), Namespace = pr.GetValue(ns),
                    MetricName = pr.GetValue(metric), Dimensions = dimensions.Count > 0 ? dimensions : null, Capacity = capacityValue,
                }, ct).ConfigureAwait(false);
                if (CliIo.Json(pr)) CliIo.PrintJson(r);
                else Console.WriteLine($"Saved {r.Kind} {r.Name} ({r.Currency} {r.MonthlyCost.ToString("0.00", CultureInfo.InvariantCulture)} a month).");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Delete()
    {
        var name = new Argument<string>("NAME") { Description = "Resource name" };
        var cmd = new Command("delete", "Delete a business resource") { name };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                await client.DeleteAdvisorResourceAsync(pr.GetValue(name)!, ct).ConfigureAwait(false);
                if (CliIo.Json(pr)) CliIo.PrintJson(new { name = pr.GetValue(name), deleted = true });
                else Console.WriteLine($"Deleted resource {pr.GetValue(name)}.");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }
}
