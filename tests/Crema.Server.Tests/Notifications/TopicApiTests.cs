using System.Net;
using System.Net.Http.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using static Crema.Server.Tests.Notifications.NotificationHarness;

namespace Crema.Server.Tests.Notifications;

public sealed class TopicApiTests(NotificationServerFixture fixture) : IClassFixture<NotificationServerFixture>
{
    private readonly CremaTestServer _server = fixture.Server;
    private readonly CapturedLogs _logs = fixture.Logs;

    [Fact]
    public async Task Topics_are_created_listed_read_and_deleted()
    {
        using (var created = await _server.Http.PostAsJsonAsync("api/v1/topics", new CreateTopicRequest { Name = "ops-Alerts_1", DisplayName = "Ops" }, CremaJson.Options))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal("/api/v1/topics/ops-Alerts_1", created.Headers.Location?.ToString());
            var topic = (await created.Content.ReadFromJsonAsync<TopicDto>(CremaJson.Options))!;
            Assert.Equal(("ops-Alerts_1", "Ops", 0), (topic.Name, topic.DisplayName, topic.Subscriptions));
            Assert.Equal(_server.Time.GetUtcNow(), topic.CreatedAt);
        }

        await CreateTopicAsync(_server, "another");
        await SubscribeAsync(_server, "another", "log", null);
        var list = (await _server.Http.GetFromJsonAsync<ListTopicsResponse>("api/v1/topics", CremaJson.Options))!;
        var mine = list.Topics.Where(t => t.Name is "another" or "ops-Alerts_1").ToList();
        Assert.Equal(["another", "ops-Alerts_1"], mine.Select(t => t.Name));
        Assert.Equal(1, mine[0].Subscriptions);

        using (var duplicate = await _server.Http.PostAsJsonAsync("api/v1/topics", new CreateTopicRequest { Name = "another" }, CremaJson.Options))
        {
            await ProblemAssert.IsProblemAsync(duplicate, 409);
        }

        var got = (await _server.Http.GetFromJsonAsync<TopicDto>("api/v1/topics/ops-Alerts_1", CremaJson.Options))!;
        Assert.Equal("Ops", got.DisplayName);
        using (var deleted = await _server.Http.DeleteAsync("api/v1/topics/another"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using (var gone = await _server.Http.GetAsync("api/v1/topics/another"))
        {
            await ProblemAssert.IsProblemAsync(gone, 404);
        }

        using (var goneAgain = await _server.Http.DeleteAsync("api/v1/topics/another"))
        {
            await ProblemAssert.IsProblemAsync(goneAgain, 404);
        }

        using var publishToNothing = await _server.Http.PostAsJsonAsync("api/v1/topics/another/publish", new PublishRequest { Subject = "s", Text = "t" }, CremaJson.Options);
        await ProblemAssert.IsProblemAsync(publishToNothing, 404);
    }

    [Theory]
    [InlineData("", "name", "required")]
    [InlineData("has space", "name", "letters, digits")]
    [InlineData("dot.ted", "name", "letters, digits")]
    [InlineData("arn:aws:sns", "name", "letters, digits")]
    [InlineData("LONG", "name", "at most 256")]
    public async Task Bad_topic_names_are_refused_naming_the_field_and_rule(string name, string field, string rule)
    {
        if (name == "LONG") name = new string('a', 257);
        using var response = await _server.Http.PostAsJsonAsync("api/v1/topics", new CreateTopicRequest { Name = name }, CremaJson.Options);
        await ProblemAssert.IsValidationErrorAsync(response, field, rule);
    }

    [Fact]
    public async Task A_256_character_name_is_allowed_and_a_long_display_name_is_not()
    {
        await CreateTopicAsync(_server, new string('z', 256));
        using var response = await _server.Http.PostAsJsonAsync("api/v1/topics", new CreateTopicRequest { Name = "d", DisplayName = new string('x', 101) }, CremaJson.Options);
        await ProblemAssert.IsValidationErrorAsync(response, "displayName", "at most 100");
    }

    [Theory]
    [InlineData("sms", "+15551234", "protocol", "must be one of")]
    [InlineData(null, "http://example.com/", "protocol", "required")]
    [InlineData("webhook", null, "endpoint", "required")]
    [InlineData("webhook", "ftp://example.com/x", "endpoint", "absolute http or https URL")]
    [InlineData("webhook", "/relative/path", "endpoint", "absolute http or https URL")]
    [InlineData("slack", "not a url", "endpoint", "absolute http or https URL")]
    [InlineData("email", "nobody", "endpoint", "e-mail address")]
    [InlineData("email", "Ops <ops@example.com>", "endpoint", "e-mail address")]
    [InlineData("email", "https://example.com/", "endpoint", "e-mail address")]
    public async Task Bad_subscriptions_are_refused_naming_the_field_and_rule(string? protocol, string? endpoint, string field, string rule)
    {
        var topic = "validated-" + Guid.NewGuid().ToString("N");
        await CreateTopicAsync(_server, topic);
        using var response = await _server.Http.PostAsJsonAsync($"api/v1/topics/{topic}/subscriptions", new SubscribeRequest { Protocol = protocol, Endpoint = endpoint },
            CremaJson.Options);
        await ProblemAssert.IsValidationErrorAsync(response, field, rule);
    }

    [Fact]
    public async Task Unknown_topics_subscriptions_and_statuses_are_refused()
    {
        using (var r = await _server.Http.PostAsJsonAsync("api/v1/topics/missing/subscriptions", new SubscribeRequest { Protocol = "log" }, CremaJson.Options))
        {
            await ProblemAssert.IsProblemAsync(r, 404);
        }

        await CreateTopicAsync(_server, "present");
        using (var r = await _server.Http.DeleteAsync("api/v1/topics/present/subscriptions/999"))
        {
            await ProblemAssert.IsProblemAsync(r, 404);
        }

        using (var r = await _server.Http.GetAsync("api/v1/topics/present/deliveries?status=Lost"))
        {
            await ProblemAssert.IsValidationErrorAsync(r, "status", "Pending, Delivered or Failed");
        }

        using (var r = await _server.Http.PostAsJsonAsync("api/v1/topics/present/publish", new PublishRequest { Text = "t" }, CremaJson.Options))
        {
            await ProblemAssert.IsValidationErrorAsync(r, "subject", "required");
        }

        using (var r = await _server.Http.PostAsJsonAsync("api/v1/topics/present/publish", new PublishRequest { Subject = "s" }, CremaJson.Options))
        {
            await ProblemAssert.IsValidationErrorAsync(r, "text", "required");
        }
    }

    [Fact]
    public async Task A_caller_without_topic_permissions_is_refused()
    {
        var key = await _server.CreateKeyAsync("root", "viewer");
        using var http = _server.NewHttp(key.Key.AccessKeyId, key.SecretAccessKey);
        using var response = await http.PostAsJsonAsync("api/v1/topics", new CreateTopicRequest { Name = "nope" }, CremaJson.Options);
        await ProblemAssert.IsProblemAsync(response, 403);
    }

    [Fact]
    public async Task Secrets_and_url_paths_never_appear_in_listings_audit_events_logs_or_the_database()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var webhookUrl = receiver.Url("hook/Wh-PathToken-5c1e?key=QueryToken-77aa");
        var slackUrl = receiver.Url("services/T0/B0/SlackToken-9d2f");
        await CreateTopicAsync(_server, "secretive");
        var webhook = await SubscribeAsync(_server, "secretive", "webhook", webhookUrl);
        var slack = await SubscribeAsync(_server, "secretive", "slack", slackUrl);
        var secret = webhook.SigningSecret!;
        string[] forbidden = [secret, "Wh-PathToken-5c1e", "QueryToken-77aa", "SlackToken-9d2f"];

        var redacted = receiver.BaseAddress.GetLeftPart(UriPartial.Authority) + "/…";
        Assert.Equal(redacted, webhook.Subscription.Endpoint);
        Assert.Equal(redacted, slack.Subscription.Endpoint);

        foreach (var id in (await PublishAsync(_server, "secretive", "s", "t")).DeliveryIds)
        {
            Assert.Equal("Delivered", (await WaitForFinalAsync(_server, "secretive", id, TimeSpan.Zero)).Status);
        }

        Assert.Equal(2, receiver.Requests.Count);
        var listed = await _server.Http.GetStringAsync("api/v1/topics/secretive/subscriptions");
        var parsed = System.Text.Json.JsonSerializer.Deserialize<ListSubscriptionsResponse>(listed, CremaJson.Options)!;
        Assert.Equal([redacted, redacted], parsed.Subscriptions.Select(s => s.Endpoint));
        Assert.Equal([true, false], parsed.Subscriptions.Select(s => s.HasSigningSecret));
        var deliveries = await _server.Http.GetStringAsync("api/v1/topics/secretive/deliveries");
        var audit = string.Join("\n", (await _server.Client.ReadRawAuditEventsAsync(1, 1000)).Events.Select(e => e.Body));
        Assert.Contains("\"Subscribe\"", audit, StringComparison.Ordinal);
        var logs = string.Join("\n", _logs.Lines);
        string database;
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_server.DataDirectory, "crema.db")};Mode=ReadOnly;Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT group_concat(endpoint_redacted || ' ' || endpoint_protected || ' ' || ifnull(secret_protected, ''), ' ') FROM notification_subscriptions;";
            database = (string)command.ExecuteScalar()!;
        }

        foreach (var (where, text) in new[] { ("listing", listed), ("deliveries", deliveries), ("audit", audit), ("logs", logs), ("database", database) })
        {
            foreach (var f in forbidden) Assert.False(text.Contains(f, StringComparison.Ordinal), $"the {where} contain '{f}'");
        }
    }
}
