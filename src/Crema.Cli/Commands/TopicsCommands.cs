using System.CommandLine;
using System.Globalization;
using Crema.Client;
using Crema.Client.Contracts;
using Spectre.Console;

namespace Crema.Cli.Commands;

/// <summary>`crema topics create|list|show|delete|subscribe|subscriptions|unsubscribe|deliveries|publish`: notification topics from the command line.</summary>
internal static class TopicsCommands
{
    /// <summary>Longest last error the deliveries table shows; --json gives it whole.</summary>
    private const int TableErrorLength = 80;

    public static Command Create()
    {
        var cmd = new Command("topics", "Notification topics: create, subscribe endpoints, publish test messages and follow deliveries");
        cmd.Subcommands.Add(CreateTopic());
        cmd.Subcommands.Add(List());
        cmd.Subcommands.Add(Show());
        cmd.Subcommands.Add(Delete());
        cmd.Subcommands.Add(Subscribe());
        cmd.Subcommands.Add(Subscriptions());
        cmd.Subcommands.Add(Unsubscribe());
        cmd.Subcommands.Add(Deliveries());
        cmd.Subcommands.Add(Publish());
        return cmd;
    }

    private static Argument<string> Name() => new("NAME") { Description = "Topic name" };

    private static Command CreateTopic()
    {
        var name = Name();
        var displayName = new Option<string?>("--display-name") { Description = "A friendlier name, at most 100 characters" };
        var cmd = new Command("create", "Create a topic (letters, digits, '-' and '_')") { name, displayName };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var topic = await client.CreateTopicAsync(new CreateTopicRequest { Name = pr.GetValue(name), DisplayName = pr.GetValue(displayName) }, ct)
                    .ConfigureAwait(false);
                if (CliIo.Json(pr)) CliIo.PrintJson(topic);
                else Console.WriteLine($"Created topic {topic.Name}.");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command List()
    {
        var cmd = new Command("list", "List topics with their subscription counts");
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var topics = (await client.ListTopicsAsync(ct).ConfigureAwait(false)).Topics;
                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(topics);
                    return 0;
                }

                if (topics.Count == 0)
                {
                    Console.WriteLine("No topics.");
                    return 0;
                }

                var table = new Table().AddColumn("Name").AddColumn("Display name").AddColumn(new TableColumn("Subscriptions").RightAligned()).AddColumn("Created (UTC)");
                foreach (var t in topics)
                {
                    table.AddRow(Markup.Escape(t.Name), Markup.Escape(t.DisplayName), t.Subscriptions.ToString(CultureInfo.InvariantCulture), CliIo.Time(t.CreatedAt));
                }

                CliIo.Write(table);
                Console.WriteLine($"{topics.Count} topic(s)");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Show()
    {
        var name = Name();
        var cmd = new Command("show", "Show one topic and its subscriptions") { name };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var topicName = pr.GetValue(name)!;
                var topic = await client.GetTopicAsync(topicName, ct).ConfigureAwait(false);
                var subscriptions = (await client.ListSubscriptionsAsync(topicName, ct).ConfigureAwait(false)).Subscriptions;
                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(new TopicsShown(topic, subscriptions));
                    return 0;
                }

                var grid = new Grid().AddColumn().AddColumn();
                grid.AddRow("Name", Markup.Escape(topic.Name));
                grid.AddRow("Display name", topic.DisplayName.Length == 0 ? "-" : Markup.Escape(topic.DisplayName));
                grid.AddRow("Created", CliIo.Time(topic.CreatedAt));
                grid.AddRow("Updated", CliIo.Time(topic.UpdatedAt));
                grid.AddRow("Subscriptions", subscriptions.Count.ToString(CultureInfo.InvariantCulture));
                CliIo.Write(grid);
                if (subscriptions.Count > 0) WriteSubscriptions(subscriptions);
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Delete()
    {
        var name = Name();
        var cmd = new Command("delete", "Delete a topic with its subscriptions and deliveries") { name };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var topicName = pr.GetValue(name)!;
                await client.DeleteTopicAsync(topicName, ct).ConfigureAwait(false);
                if (CliIo.Json(pr)) CliIo.PrintJson(new { name = topicName, deleted = true });
                else Console.WriteLine($"Deleted topic {topicName}.");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Subscribe()
    {
        var name = Name();

        // The server checks the protocol and the endpoint, so that the CLI and the API refuse the same things in the same words.
        var protocol = new Option<string>("--protocol") { Description = "webhook, slack, email or log", Required = true };
        var endpoint = new Option<string?>("--endpoint") { Description = "An http(s) URL (webhook, slack), an e-mail address (email), or an optional label (log)" };
        var cmd = new Command("subscribe", "Subscribe an endpoint to a topic; a webhook's signing secret is printed this once") { name, protocol, endpoint };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var topicName = pr.GetValue(name)!;
                var created = await client.SubscribeAsync(topicName, new SubscribeRequest { Protocol = pr.GetValue(protocol), Endpoint = pr.GetValue(endpoint) }, ct)
                    .ConfigureAwait(false);
                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(created);
                    return 0;
                }

                var s = created.Subscription;
                AnsiConsole.MarkupLine($"[green]Subscribed[/] {Markup.Escape(s.Protocol)} {Markup.Escape(s.Endpoint)} to topic {Markup.Escape(s.TopicName)}.");
                Console.WriteLine("Subscription id: " + s.Id.ToString(CultureInfo.InvariantCulture));
                if (created.SigningSecret is { } secret)
                {
                    Console.WriteLine("Signing secret:  " + secret);
                    Console.WriteLine("Each POST carries X-Crema-Signature: sha256=hex(HMAC-SHA256(secret, X-Crema-Timestamp + \".\" + body)).");
                    AnsiConsole.MarkupLine("[yellow]Store the signing secret now: it is shown only this once and cannot be read again.[/]");
                }

                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Subscriptions()
    {
        var name = Name();
        var cmd = new Command("subscriptions", "List a topic's subscriptions (URLs shortened to scheme://host/…, never a secret)") { name };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var topicName = pr.GetValue(name)!;
                var subscriptions = (await client.ListSubscriptionsAsync(topicName, ct).ConfigureAwait(false)).Subscriptions;
                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(subscriptions);
                    return 0;
                }

                if (subscriptions.Count == 0)
                {
                    Console.WriteLine($"Topic {topicName} has no subscriptions.");
                    return 0;
                }

                WriteSubscriptions(subscriptions);
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static void WriteSubscriptions(IReadOnlyList<SubscriptionDto> subscriptions)
    {
        var table = new Table().AddColumn(new TableColumn("Id").RightAligned()).AddColumn("Protocol").AddColumn("Endpoint").AddColumn("Signed").AddColumn("Created (UTC)");
        foreach (var s in subscriptions)
        {
            table.AddRow(s.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(s.Protocol), Markup.Escape(s.Endpoint), s.HasSigningSecret ? "yes" : "-",
                CliIo.Time(s.CreatedAt));
        }

        CliIo.Write(table);
        Console.WriteLine($"{subscriptions.Count} subscription(s)");
    }

    private static Command Unsubscribe()
    {
        var name = Name();
        var id = new Argument<long>("ID") { Description = "Subscription id (see `crema topics subscriptions NAME`)" };
        var cmd = new Command("unsubscribe", "Remove one subscription from a topic") { name, id };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var topicName = pr.GetValue(name)!;
                var subscriptionId = pr.GetValue(id);
                await client.UnsubscribeAsync(topicName, subscriptionId, ct).ConfigureAwait(false);
                if (CliIo.Json(pr)) CliIo.PrintJson(new { name = topicName, subscriptionId, deleted = true });
                else Console.WriteLine($"Removed subscription {subscriptionId.ToString(CultureInfo.InvariantCulture)} from topic {topicName}.");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Deliveries()
    {
        var name = Name();
        var status = new Option<string?>("--status") { Description = "Only Pending, Delivered or Failed deliveries" };
        var limit = new Option<int?>("--limit") { Description = "Deliveries to show, newest first (1–1000; default 100)" };
        var cmd = new Command("deliveries", "A topic's deliveries, newest first: each message to each subscription and how it went") { name, status, limit };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var topicName = pr.GetValue(name)!;
                var filter = pr.GetValue(status);
                var deliveries = (await client.ListDeliveriesAsync(topicName, filter, pr.GetValue(limit), ct).ConfigureAwait(false)).Deliveries;
                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(deliveries);
                    return 0;
                }

                if (deliveries.Count == 0)
                {
                    Console.WriteLine($"No deliveries for topic {topicName}" + (filter is null ? "." : $" with status {filter}."));
                    return 0;
                }

                var table = new Table().AddColumn(new TableColumn("Id").RightAligned()).AddColumn(new TableColumn("Subscription").RightAligned()).AddColumn("Protocol")
                    .AddColumn("Endpoint").AddColumn("Subject").AddColumn("Status").AddColumn(new TableColumn("Attempts").RightAligned()).AddColumn("Last error")
                    .AddColumn("Created (UTC)").AddColumn("Updated (UTC)").AddColumn("Next attempt (UTC)");
                foreach (var d in deliveries)
                {
                    var error = d.LastError is { Length: > TableErrorLength } e ? e[..(TableErrorLength - 1)] + "…" : d.LastError ?? "";
                    table.AddRow(d.Id.ToString(CultureInfo.InvariantCulture), d.SubscriptionId.ToString(CultureInfo.InvariantCulture), Markup.Escape(d.Protocol),
                        Markup.Escape(d.Endpoint), Markup.Escape(d.Subject), StatusMarkup(d.Status), d.Attempts.ToString(CultureInfo.InvariantCulture), Markup.Escape(error),
                        CliIo.Time(d.CreatedAt), CliIo.Time(d.UpdatedAt), CliIo.Time(d.NextAttemptAt));
                }

                CliIo.Write(table);
                Console.WriteLine($"{deliveries.Count} deliver{(deliveries.Count == 1 ? "y" : "ies")}");
                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static string StatusMarkup(string status) => status switch
    {
        "Delivered" => "[green]Delivered[/]",
        "Failed" => "[red]Failed[/]",
        "Pending" => "[yellow]Pending[/]",
        _ => Markup.Escape(status),
    };

    private static Command Publish()
    {
        var name = Name();
        var subject = new Option<string>("--subject") { Description = "One line, at most 100 characters (the e-mail subject)", Required = true };
        var text = new Option<string>("--text") { Description = "The message text", Required = true };
        var cmd = new Command("publish", "Send a test message to every subscription of a topic (delivered in the background)") { name, subject, text };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var topicName = pr.GetValue(name)!;
                var published = await client.PublishAsync(topicName, new PublishRequest { Subject = pr.GetValue(subject), Text = pr.GetValue(text) }, ct)
                    .ConfigureAwait(false);
                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(published);
                    return 0;
                }

                var ids = published.DeliveryIds;
                if (ids.Count == 0) Console.WriteLine($"Topic {topicName} has no subscriptions: nothing to deliver.");
                else
                {
                    Console.WriteLine($"Queued {ids.Count.ToString(CultureInfo.InvariantCulture)} deliver{(ids.Count == 1 ? "y" : "ies")} (ids {string.Join(", ", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)))}).");
                    Console.WriteLine($"Follow them with `crema topics deliveries {topicName}`.");
                }

                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }
}
