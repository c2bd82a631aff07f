using Crema.Server.Notifications;
using Crema.Server.Tests.TestSupport;
using static Crema.Server.Tests.Notifications.NotificationHarness;

namespace Crema.Server.Tests.Notifications;

public sealed class NotificationRestartTests
{
    [Fact]
    public async Task A_pending_delivery_survives_a_restart_and_completes_on_the_new_server()
    {
        var dir = CremaTestServer.NewTempDirectory();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = _ => 503;
        try
        {
            long id;
            string secret;
            await using (var first = await CremaTestServer.StartAsync(dir, null, FastRetries))
            {
                await CreateTopicAsync(first, "durable");
                secret = (await SubscribeAsync(first, "durable", "webhook", receiver.Url("d"))).SigningSecret!;
                id = Assert.Single((await PublishAsync(first, "durable", "s", "survives")).DeliveryIds);
                var pending = await WaitForAsync(first, async () => (await DeliveriesAsync(first, "durable")).SingleOrDefault(d => d.Attempts >= 1), TimeSpan.Zero,
                    "the first attempt");
                Assert.Equal("Pending", pending.Status);
                Assert.NotNull(pending.NextAttemptAt);
            }

            receiver.Status = _ => 200;
            await using var second = await CremaTestServer.StartAsync(dir, null, FastRetries);
            var delivery = await WaitForFinalAsync(second, "durable", id, TimeSpan.FromSeconds(1));
            Assert.Equal("Delivered", delivery.Status);
            Assert.Equal(2, delivery.Attempts);

            // The signing secret was decrypted by the new process (data protection keys live in the data directory).
            var last = receiver.Requests.OrderBy(r => r.Number).Last();
            Assert.Equal(200, last.AnsweredStatus);
            var timestamp = long.Parse(last.Headers["X-Crema-Timestamp"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(WebhookSignature.Compute(secret, timestamp, last.Body), last.Headers["X-Crema-Signature"]);
            Assert.Contains("survives", System.Text.Encoding.UTF8.GetString(last.Body), StringComparison.Ordinal);
        }
        finally
        {
            CremaTestServer.DeleteDirectory(dir);
        }
    }
}
