using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Crema.Server.Notifications;

/// <summary>Delivers to a Slack incoming webhook: {"text": …}.</summary>
internal sealed class SlackSender(IHttpClientFactory httpClients)
{
    public async Task<AttemptResult> SendAsync(string url, string text, TimeSpan timeout, CancellationToken ct)
    {
        var body = new JsonObject { ["text"] = text }.ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, System.Text.Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var client = httpClients.CreateClient(NotificationPublisher.HttpClientName);
        return await HttpAttempt.PostAsync(client, request, timeout, ct).ConfigureAwait(false);
    }
}
