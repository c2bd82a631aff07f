using System.Globalization;
using System.Net.Http.Headers;

namespace Crema.Server.Notifications;

/// <summary>Delivers to a webhook: the JSON body, signed (X-Crema-Timestamp, X-Crema-Signature) and identified (X-Crema-Delivery).</summary>
internal sealed class WebhookSender(IHttpClientFactory httpClients, TimeProvider time)
{
    public async Task<AttemptResult> SendAsync(long deliveryId, string topicName, string url, string secret, string bodyJson, TimeSpan timeout, CancellationToken ct)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(bodyJson);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("X-Crema-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Crema-Signature", WebhookSignature.Compute(secret, timestamp, body));
        request.Headers.Add("X-Crema-Delivery", deliveryId.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Crema-Topic", topicName);
        var client = httpClients.CreateClient(NotificationPublisher.HttpClientName);
        return await HttpAttempt.PostAsync(client, request, timeout, ct).ConfigureAwait(false);
    }
}
