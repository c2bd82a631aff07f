using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Crema.Client;
using Crema.Client.Contracts;

namespace Crema.Server.Tests.Cli;

/// <summary>`crema topics …` as a real process: what it writes is on the server, what it prints is what the server holds, and a secret is printed once.</summary>
public sealed partial class TopicsCommandTests(CliServer fixture) : IClassFixture<CliServer>
{
    /// <summary>Nothing listens on the discard port, so a webhook there fails at once with "connection refused".</summary>
    private const string RefusingWebhook = "http://127.0.0.1:9/hooks/path-that-is-a-secret";

    private CremaClient Server => fixture.Server.Client;

    private Task<CliResult> Crema(params string[] args) => CremaCli.RunAsync([.. args, "--url", fixture.Url], fixture.Env);

    private static T Parse<T>(CliResult r)
    {
        Assert.True(r.ExitCode == 0, r.All);
        return JsonSerializer.Deserialize<T>(r.Stdout, CremaJson.Options) ?? throw new InvalidOperationException("null JSON: " + r.All);
    }

    private static void Ok(CliResult r) => Assert.True(r.ExitCode == 0, r.All);

    [Fact]
    public async Task Create_list_show_and_delete_a_topic_agree_with_the_server()
    {
        var created = Parse<TopicDto>(await Crema("topics", "create", "cli-orders", "--display-name", "Order desk", "--json"));
        Assert.Equal(("cli-orders", "Order desk", 0), (created.Name, created.DisplayName, created.Subscriptions));
        var onServer = await Server.GetTopicAsync("cli-orders");
        Assert.Equal(JsonSerializer.Serialize(onServer, CremaJson.Options), JsonSerializer.Serialize(created, CremaJson.Options));

        await Server.SubscribeAsync("cli-orders", new SubscribeRequest { Protocol = "email", Endpoint = "desk@example.com" });
        var list = await Crema("topics", "list");
        Ok(list);
        Assert.Matches(@"cli-orders\s+│\s+Order desk\s+│\s+1\s+│", list.Stdout);
        var listed = Parse<List<TopicDto>>(await Crema("topics", "list", "--json"));
        Assert.Equal(1, Assert.Single(listed, t => t.Name == "cli-orders").Subscriptions);

        var show = await Crema("topics", "show", "cli-orders");
        Ok(show);
        Assert.Matches(@"Display name\s+Order desk", show.Stdout);
        Assert.Matches(@"email\s+│\s+desk@example\.com", show.Stdout);
        Assert.Contains("1 subscription(s)", show.Stdout, StringComparison.Ordinal);

        var duplicate = await Crema("topics", "create", "cli-orders");
        Assert.NotEqual(0, duplicate.ExitCode);
        Assert.Contains("already exists", duplicate.Stderr, StringComparison.Ordinal);

        var delete = await Crema("topics", "delete", "cli-orders");
        Ok(delete);
        Assert.Contains("Deleted topic cli-orders.", delete.Stdout, StringComparison.Ordinal);
        Assert.Equal(404, (await Assert.ThrowsAsync<CremaApiException>(() => Server.GetTopicAsync("cli-orders"))).Status);

        var gone = await Crema("topics", "show", "cli-orders");
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("no topic is named 'cli-orders'", gone.Stderr, StringComparison.Ordinal);
        Assert.Empty(gone.Stdout);
    }

    [Fact]
    public async Task A_webhook_signing_secret_is_printed_by_subscribe_once_and_never_by_the_listings()
    {
        await Server.CreateTopicAsync(new CreateTopicRequest { Name = "cli-secret" });

        var log = await Crema("topics", "subscribe", "cli-secret", "--protocol", "log", "--endpoint", "ops-channel");
        Ok(log);
        Assert.Contains("Subscribed log ops-channel to topic cli-secret.", log.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Signing secret", log.Stdout, StringComparison.Ordinal);

        var hook = await Crema("topics", "subscribe", "cli-secret", "--protocol", "webhook", "--endpoint", RefusingWebhook);
        Ok(hook);
        var secret = SecretLine().Match(hook.Stdout);
        Assert.True(secret.Success, hook.All);
        var value = secret.Groups[1].Value;
        Assert.Equal(1, Regex.Count(hook.Stdout, Regex.Escape(value)));
        Assert.Contains("Store the signing secret now", hook.Unwrapped, StringComparison.Ordinal);

        var subscriptions = (await Server.ListSubscriptionsAsync("cli-secret")).Subscriptions;
        Assert.Equal([("log", false), ("webhook", true)], subscriptions.Select(s => (s.Protocol, s.HasSigningSecret)));
        Assert.Contains("Subscription id: " + subscriptions[1].Id, hook.Stdout, StringComparison.Ordinal);

        // The listings show the webhook as scheme://host/… and never the secret or the URL's path.
        var listed = await Crema("topics", "subscriptions", "cli-secret");
        var listedJson = await Crema("topics", "subscriptions", "cli-secret", "--json");
        var shown = await Crema("topics", "show", "cli-secret");
        foreach (var r in new[] { listed, listedJson, shown })
        {
            Ok(r);
            Assert.DoesNotContain(value, r.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("path-that-is-a-secret", r.Stdout, StringComparison.Ordinal);
        }

        Assert.Matches(@"webhook\s+│\s+http://127\.0\.0\.1:9/…\s+│\s+yes", listed.Stdout);
        Assert.Matches(@"log\s+│\s+ops-channel\s+│\s+-", listed.Stdout);
        Assert.Matches(@"webhook\s+│\s+http://127\.0\.0\.1:9/…\s+│\s+yes", shown.Stdout);
        Assert.Equal(JsonSerializer.Serialize(subscriptions, CremaJson.Options), JsonSerializer.Serialize(Parse<List<SubscriptionDto>>(listedJson), CremaJson.Options));

        var unsubscribe = await Crema("topics", "unsubscribe", "cli-secret", subscriptions[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Ok(unsubscribe);
        Assert.Contains($"Removed subscription {subscriptions[0].Id} from topic cli-secret.", unsubscribe.Stdout, StringComparison.Ordinal);
        Assert.Equal("webhook", Assert.Single((await Server.ListSubscriptionsAsync("cli-secret")).Subscriptions).Protocol);
    }

    [Fact]
    public async Task Publish_queues_one_delivery_per_subscription_and_deliveries_shows_how_each_went()
    {
        await Server.CreateTopicAsync(new CreateTopicRequest { Name = "cli-publish" });
        var logSub = (await Server.SubscribeAsync("cli-publish", new SubscribeRequest { Protocol = "log" })).Subscription;
        var hookSub = (await Server.SubscribeAsync("cli-publish", new SubscribeRequest { Protocol = "webhook", Endpoint = RefusingWebhook })).Subscription;

        var publish = await Crema("topics", "publish", "cli-publish", "--subject", "Fryer 3 is hot", "--text", "Oil at 205 °C");
        Ok(publish);
        var queued = QueuedIds().Match(publish.Stdout);
        Assert.True(queued.Success, publish.All);

        // The loop delivers in the background: wait until the log one is delivered and the webhook one has been tried.
        var deliveries = await WaitAsync("cli-publish", ds => ds.Count == 2 && ds.Any(d => d.Protocol == "log" && d.Status == "Delivered")
                                                             && ds.Any(d => d.Protocol == "webhook" && d.Attempts > 0));
        Assert.Equal(queued.Groups[1].Value, string.Join(", ", deliveries.Select(d => d.Id).Order()));
        var logged = Assert.Single(deliveries, d => d.SubscriptionId == logSub.Id);
        var hooked = Assert.Single(deliveries, d => d.SubscriptionId == hookSub.Id);
        Assert.NotEqual("Delivered", hooked.Status);
        Assert.False(string.IsNullOrEmpty(hooked.LastError));

        var table = await Crema("topics", "deliveries", "cli-publish");
        Ok(table);
        Assert.Matches($@"│\s+{logged.Id}\s+│\s+{logSub.Id}\s+│\s+log\s+│\s+server log\s+│\s+Fryer 3 is hot\s+│\s+Delivered\s+│\s+1\s+│", table.Stdout);
        Assert.Matches($@"│\s+{hooked.Id}\s+│\s+{hookSub.Id}\s+│\s+webhook\s+│\s+http://127\.0\.0\.1:9/…\s+│\s+Fryer 3 is hot\s+│\s+{hooked.Status}\s+│\s+{hooked.Attempts}\s+│", table.Stdout);
        Assert.Contains(hooked.LastError![..Math.Min(40, hooked.LastError!.Length)], table.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 deliveries", table.Stdout, StringComparison.Ordinal);

        var delivered = Parse<List<DeliveryDto>>(await Crema("topics", "deliveries", "cli-publish", "--status", "delivered", "--json"));
        Assert.Equal(logged.Id, Assert.Single(delivered).Id);
        var newest = Parse<List<DeliveryDto>>(await Crema("topics", "deliveries", "cli-publish", "--limit", "1", "--json"));
        Assert.Equal(deliveries.Max(d => d.Id), Assert.Single(newest).Id);

        var badStatus = await Crema("topics", "deliveries", "cli-publish", "--status", "Lost");
        Assert.NotEqual(0, badStatus.ExitCode);
        Assert.Contains("status: must be Pending, Delivered or Failed", badStatus.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_protocol_is_refused_with_the_field_named_and_nothing_is_subscribed()
    {
        await Server.CreateTopicAsync(new CreateTopicRequest { Name = "cli-bad-protocol" });
        var r = await Crema("topics", "subscribe", "cli-bad-protocol", "--protocol", "pigeon", "--endpoint", "loft@example.com");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("protocol: must be one of webhook, slack, email, log", r.Stderr, StringComparison.Ordinal);
        Assert.Empty(r.Stdout);
        Assert.Empty((await Server.ListSubscriptionsAsync("cli-bad-protocol")).Subscriptions);

        var noEndpoint = await Crema("topics", "subscribe", "cli-bad-protocol", "--protocol", "webhook");
        Assert.NotEqual(0, noEndpoint.ExitCode);
        Assert.Contains("endpoint: is required", noEndpoint.Stderr, StringComparison.Ordinal);
        Assert.Empty((await Server.ListSubscriptionsAsync("cli-bad-protocol")).Subscriptions);
    }

    private async Task<IReadOnlyList<DeliveryDto>> WaitAsync(string topic, Func<IReadOnlyList<DeliveryDto>, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var ds = (await Server.ListDeliveriesAsync(topic)).Deliveries;
            if (done(ds)) return ds;
            if (clock.Elapsed > TimeSpan.FromSeconds(10)) Assert.Fail("deliveries did not settle: " + JsonSerializer.Serialize(ds, CremaJson.Options));
            await Task.Delay(50);
        }
    }

    [GeneratedRegex(@"Signing secret:\s+(whsec_[A-Za-z0-9_-]+)")]
    private static partial Regex SecretLine();

    [GeneratedRegex(@"Queued 2 deliveries \(ids ([0-9, ]+)\)\.")]
    private static partial Regex QueuedIds();
}
