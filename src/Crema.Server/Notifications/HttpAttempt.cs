using System.Net;

namespace Crema.Server.Notifications;

/// <summary>POSTs a JSON body with a per-attempt timeout and classifies the answer (shared by webhook and Slack deliveries).</summary>
internal static class HttpAttempt
{
    private const int MaxErrorBody = 200;

    public static async Task<AttemptResult> PostAsync(HttpClient client, HttpRequestMessage request, TimeSpan timeout, CancellationToken ct)
    {
        // The timeout is real time on purpose: it bounds a network call, and a fake clock in tests must not stall one.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300) return AttemptResult.Delivered;
            var error = await DescribeAsync(response, cts.Token).ConfigureAwait(false);

            // 408 and 429 say "later"; other 4xx say the request itself is wrong, so a retry would get the same answer.
            if (status is 408 or 429 or >= 500) return AttemptResult.Retry(error);
            return AttemptResult.Fail(status is >= 300 and < 400 ? error + " (redirects are not followed)" : error);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return AttemptResult.Retry($"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return AttemptResult.Retry("could not connect: " + ex.Message);
        }
    }

    private static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        try
        {
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (body.Length > MaxErrorBody) body = body[..MaxErrorBody] + "…";
            return body.Length > 0 ? text + ": " + body.ReplaceLineEndings(" ") : text;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or WebException)
        {
            return text;
        }
    }
}
