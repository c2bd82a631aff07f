using System.Globalization;
using System.Text.Json;
using Crema.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;
using static Crema.Server.Tests.Notifications.NotificationHarness;

namespace Crema.Server.Tests.Notifications;

public sealed class ChannelDeliveryTests : IAsyncLifetime
{
    private CremaTestServer _server = null!;
    private WebhookReceiver _receiver = null!;
    private SmtpSink _smtp = null!;
    private readonly CapturedLogs _logs = new();

    public async Task InitializeAsync()
    {
        _smtp = SmtpSink.Start();
        _receiver = await WebhookReceiver.StartAsync();
        _server = await CremaTestServer.StartAsync(null, null,
        [
            .. FastRetries,
            "--Notifications:Smtp:Host", "127.0.0.1",
            "--Notifications:Smtp:Port", _smtp.Port.ToString(CultureInfo.InvariantCulture),
            "--Notifications:Smtp:UseTls", "none",
            "--Notifications:Smtp:From", "crema@example.test",
        ]);
        _server.App.Services.GetRequiredService<ILoggerFactory>().AddProvider(_logs);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task Slack_gets_a_json_object_with_only_the_text()
    {
        await CreateTopicAsync(_server, "chat");
        var sub = await SubscribeAsync(_server, "chat", "slack", _receiver.Url("services/T000/B000/XXXXsecretXXXX"));
        Assert.Null(sub.SigningSecret);
        Assert.False(sub.Subscription.HasSigningSecret);

        var id = Assert.Single((await PublishAsync(_server, "chat", "High latency", "p99 is 2.3 s on api-1 \"quoted\" ✓")).DeliveryIds);
        Assert.Equal("Delivered", (await WaitForFinalAsync(_server, "chat", id, TimeSpan.Zero)).Status);

        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("/services/T000/B000/XXXXsecretXXXX", request.Path);
        using var body = JsonDocument.Parse(request.Body);
        var property = Assert.Single(body.RootElement.EnumerateObject());
        Assert.Equal("text", property.Name);
        Assert.Equal("p99 is 2.3 s on api-1 \"quoted\" ✓", property.Value.GetString());
        Assert.False(request.Headers.ContainsKey("X-Crema-Signature"));
    }

    [Fact]
    public async Task Email_is_sent_over_smtp_with_the_subject_and_text()
    {
        await CreateTopicAsync(_server, "mail");
        await SubscribeAsync(_server, "mail", "email", "oncall@example.test");
        var id = Assert.Single((await PublishAsync(_server, "mail", "ALARM: CPU high", "cpu is 97% on web-3")).DeliveryIds);

        var delivery = await WaitForFinalAsync(_server, "mail", id, TimeSpan.FromSeconds(1));
        Assert.True(delivery.Status == "Delivered", delivery.LastError);
        Assert.Equal("oncall@example.test", delivery.Endpoint);

        var message = Assert.Single(_smtp.Messages);
        Assert.Equal("ALARM: CPU high", message.Subject);
        Assert.Equal("oncall@example.test", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("crema@example.test", Assert.Single(message.From.Mailboxes).Address);
        Assert.Contains("cpu is 97% on web-3", message.TextBody, StringComparison.Ordinal);
        Assert.Equal(id.ToString(CultureInfo.InvariantCulture), message.Headers["X-Crema-Delivery"]);
    }

    [Fact]
    public async Task The_log_protocol_writes_an_information_line_with_subject_and_text()
    {
        await CreateTopicAsync(_server, "logged");
        await SubscribeAsync(_server, "logged", "log", "ops-log");
        var id = Assert.Single((await PublishAsync(_server, "logged", "Subject 7f3a", "Text 91bc")).DeliveryIds);
        Assert.Equal("Delivered", (await WaitForFinalAsync(_server, "logged", id, TimeSpan.Zero)).Status);

        var line = Assert.Single(_logs.Lines, l => l.Contains("Subject 7f3a", StringComparison.Ordinal));
        Assert.StartsWith("Information Crema.Notifications [3500]", line, StringComparison.Ordinal);
        Assert.Contains("Text 91bc", line, StringComparison.Ordinal);
        Assert.Contains("ops-log", line, StringComparison.Ordinal);
    }
}
