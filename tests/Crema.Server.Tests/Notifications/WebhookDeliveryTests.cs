using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Crema.Server.Notifications;
using Crema.Server.Tests.TestSupport;
using static Crema.Server.Tests.Notifications.NotificationHarness;

namespace Crema.Server.Tests.Notifications;

public sealed class WebhookDeliveryTests(NotificationServerFixture fixture) : IClassFixture<NotificationServerFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);
    private readonly CremaTestServer _server = fixture.Server;
    private WebhookReceiver _receiver = null!;

    // A receiver per test, so that each test sees only its own requests.
    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task A_webhook_receives_the_body_signed_with_the_subscription_secret()
    {
        await CreateTopicAsync(_server, "signed");
        var sub = await SubscribeAsync(_server, "signed", "webhook", _receiver.Url("hooks/signed"));
        Assert.StartsWith("whsec_", sub.SigningSecret, StringComparison.Ordinal);

        var published = await PublishAsync(_server, "signed", "Disk almost full", "db-1 has 3% left");
        var id = Assert.Single(published.DeliveryIds);
        var delivery = await WaitForFinalAsync(_server, "signed", id, TimeSpan.Zero);
        Assert.Equal("Delivered", delivery.Status);
        Assert.Equal(1, delivery.Attempts);

        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("/hooks/signed", request.Path);
        Assert.Equal(id.ToString(CultureInfo.InvariantCulture), request.Headers["X-Crema-Delivery"]);
        var timestamp = long.Parse(request.Headers["X-Crema-Timestamp"], CultureInfo.InvariantCulture);
        Assert.Equal(_server.Time.GetUtcNow().ToUnixTimeSeconds(), timestamp);

        // The receiver's recipe from docs/formats/notifications.md: HMAC-SHA256 over "timestamp.body" with the secret's UTF-8 bytes.
        var message = System.Text.Encoding.UTF8.GetBytes(request.Headers["X-Crema-Timestamp"] + ".").Concat(request.Body).ToArray();
        var expected = "sha256=" + Convert.ToHexStringLower(
            System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sub.SigningSecret!), message));
        Assert.Equal(expected, request.Headers["X-Crema-Signature"]);
        Assert.NotEqual(WebhookSignature.Compute(WebhookSignature.NewSecret(), timestamp, request.Body), request.Headers["X-Crema-Signature"]);

        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("Disk almost full", body.RootElement.GetProperty("subject").GetString());
        Assert.Equal("db-1 has 3% left", body.RootElement.GetProperty("text").GetString());
        Assert.Equal("signed", body.RootElement.GetProperty("topic").GetString());
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_with_503_gets_the_message_on_the_third_attempt_after_doubling_waits()
    {
        _receiver.Status = n => n <= 2 ? 503 : 200;
        var outcomes = new ConcurrentQueue<DeliveryOutcome>();
        Func<DeliveryOutcome, Task> handler = o =>
        {
            outcomes.Enqueue(o);
            return Task.CompletedTask;
        };
        Publisher(_server).Delivered += handler;
        await CreateTopicAsync(_server, "flaky");
        await SubscribeAsync(_server, "flaky", "webhook", _receiver.Url("flaky"));
        var id = Assert.Single((await PublishAsync(_server, "flaky", "s", "t")).DeliveryIds);

        var delivery = await WaitForFinalAsync(_server, "flaky", id, Step);
        var outcome = await WaitForAsync(_server, () => Task.FromResult(outcomes.FirstOrDefault(o => o.DeliveryId == id)), TimeSpan.Zero, "the outcome");
        Publisher(_server).Delivered -= handler;
        Assert.True(outcome.Succeeded);
        Assert.Equal(3, outcome.Attempts);
        Assert.Null(outcome.Error);
        Assert.Single(outcomes, o => o.DeliveryId == id);
        Assert.Equal("Delivered", delivery.Status);
        Assert.Equal(3, delivery.Attempts);
        Assert.Null(delivery.NextAttemptAt);

        var requests = _receiver.Requests.OrderBy(r => r.Number).ToList();
        Assert.Equal([503, 503, 200], requests.Select(r => r.AnsweredStatus));
        Assert.All(requests, r => Assert.Equal(id.ToString(CultureInfo.InvariantCulture), r.Headers["X-Crema-Delivery"]));
        Assert.All(requests, r => Assert.Equal(requests[0].Body, r.Body));
        var times = requests.Select(r => long.Parse(r.Headers["X-Crema-Timestamp"], CultureInfo.InvariantCulture)).ToList();
        Assert.True(times[1] - times[0] >= 1, $"first retry after {times[1] - times[0]} s");
        Assert.True(times[2] - times[1] >= 2, $"second retry after {times[2] - times[1]} s");
    }

    [Fact]
    public async Task A_receiver_that_always_fails_ends_Failed_after_MaxAttempts_visible_in_the_API_and_raised_as_an_outcome()
    {
        _receiver.Status = _ => 500;
        var outcomes = new ConcurrentQueue<DeliveryOutcome>();
        Func<DeliveryOutcome, Task> handler = o =>
        {
            outcomes.Enqueue(o);
            return Task.CompletedTask;
        };
        var publisher = Publisher(_server);
        publisher.Delivered += handler;
        try
        {
            await CreateTopicAsync(_server, "down");
            var sub = await SubscribeAsync(_server, "down", "webhook", _receiver.Url("down/path-token-123"));
            var id = Assert.Single((await PublishAsync(_server, "down", "s", "t")).DeliveryIds);

            var delivery = await WaitForFinalAsync(_server, "down", id, Step);
            Assert.Equal("Failed", delivery.Status);
            Assert.Equal(4, delivery.Attempts);
            Assert.Contains("HTTP 500", delivery.LastError, StringComparison.Ordinal);
            Assert.Equal(4, _receiver.Requests.Count);

            Assert.Equal(id, Assert.Single(await DeliveriesAsync(_server, "down", "Failed")).Id);
            Assert.Empty(await DeliveriesAsync(_server, "down", "delivered"));

            var outcome = await WaitForAsync(_server, () => Task.FromResult(outcomes.FirstOrDefault(o => o.DeliveryId == id)), TimeSpan.Zero, "the outcome");
            Assert.False(outcome.Succeeded);
            Assert.Equal(4, outcome.Attempts);
            Assert.Equal("down", outcome.TopicName);
            Assert.Equal(sub.Subscription.Id, outcome.SubscriptionId);
            Assert.Equal("webhook", outcome.Protocol);
            Assert.Equal(_receiver.BaseAddress.GetLeftPart(UriPartial.Authority) + "/…", outcome.EndpointRedacted);
            Assert.Equal("Test", outcome.SourceType);
            Assert.Equal("root", outcome.SourceName);
            Assert.Contains("HTTP 500", outcome.Error, StringComparison.Ordinal);
            Assert.Single(outcomes, o => o.DeliveryId == id);
        }
        finally
        {
            publisher.Delivered -= handler;
        }
    }

    [Theory]
    [InlineData(400, false)]
    [InlineData(404, false)]
    [InlineData(410, false)]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(502, true)]
    public async Task A_4xx_answer_fails_at_once_but_408_429_and_5xx_are_retried(int firstStatus, bool retried)
    {
        _receiver.Status = n => n == 1 ? firstStatus : 200;
        var topic = "status-" + firstStatus.ToString(CultureInfo.InvariantCulture);
        await CreateTopicAsync(_server, topic);
        await SubscribeAsync(_server, topic, "webhook", _receiver.Url("x"));
        var id = Assert.Single((await PublishAsync(_server, topic, "s", "t")).DeliveryIds);

        var delivery = await WaitForFinalAsync(_server, topic, id, Step);
        if (retried)
        {
            Assert.Equal(("Delivered", 2), (delivery.Status, delivery.Attempts));
        }
        else
        {
            Assert.Equal(("Failed", 1), (delivery.Status, delivery.Attempts));
            Assert.Contains($"HTTP {firstStatus}", delivery.LastError, StringComparison.Ordinal);

            // No retry comes later either.
            _server.Time.Advance(TimeSpan.FromMinutes(10));
            await Task.Delay(300);
            Assert.Single(_receiver.Requests);
        }
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_retried_as_a_connection_error()
    {
        // A port that was just free: nothing listens there.
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        await CreateTopicAsync(_server, "nowhere");
        await SubscribeAsync(_server, "nowhere", "webhook", $"http://127.0.0.1:{port}/hook");
        var id = Assert.Single((await PublishAsync(_server, "nowhere", "s", "t")).DeliveryIds);
        var delivery = await WaitForFinalAsync(_server, "nowhere", id, Step);
        Assert.Equal(("Failed", 4), (delivery.Status, delivery.Attempts));
        Assert.Contains("could not connect", delivery.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_subscription_gets_its_own_delivery_and_an_unsubscribed_one_gets_none()
    {
        await CreateTopicAsync(_server, "fanout");
        var a = await SubscribeAsync(_server, "fanout", "webhook", _receiver.Url("a"));
        var b = await SubscribeAsync(_server, "fanout", "webhook", _receiver.Url("b"));
        Assert.NotEqual(a.SigningSecret, b.SigningSecret);
        var ids = (await PublishAsync(_server, "fanout", "s", "one")).DeliveryIds;
        Assert.Equal(2, ids.Count);
        foreach (var id in ids) Assert.Equal("Delivered", (await WaitForFinalAsync(_server, "fanout", id, TimeSpan.Zero)).Status);
        Assert.Equal(["/a", "/b"], _receiver.Requests.Select(r => r.Path).Order(StringComparer.Ordinal));

        using (var deleted = await _server.Http.DeleteAsync($"api/v1/topics/fanout/subscriptions/{a.Subscription.Id}"))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, deleted.StatusCode);
        }

        var id2 = Assert.Single((await PublishAsync(_server, "fanout", "s", "two")).DeliveryIds);
        Assert.Equal("Delivered", (await WaitForFinalAsync(_server, "fanout", id2, TimeSpan.Zero)).Status);
        Assert.Equal(["/a", "/b", "/b"], _receiver.Requests.Select(r => r.Path).Order(StringComparer.Ordinal));
    }
}
