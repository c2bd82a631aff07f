using System.Text;
using System.Text.Json.Nodes;

namespace Crema.Server.Tests.Live;

/// <summary>One Server-Sent Events connection read message by message, every read under a timeout.</summary>
internal sealed class SseStream : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(15);

    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Opens GET api/v1/live and reads up to the ": connected" comment, after which every change reaches the stream.</summary>
    public static async Task<SseStream> OpenAsync(HttpClient http)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/live");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var cts = new CancellationTokenSource(ReadTimeout);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var stream = new SseStream(response, new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token), Encoding.UTF8));
        var first = await stream.NextAsync();
        Assert.Equal("connected", first.Comment);
        return stream;
    }

    /// <summary>The next message (an event or a comment); fails the test after the timeout.</summary>
    public async Task<SseMessage> NextAsync()
    {
        using var cts = new CancellationTokenSource(ReadTimeout);
        string? name = null;
        string? comment = null;
        var data = new StringBuilder();
        while (true)
        {
            var line = await _reader.ReadLineAsync(cts.Token) ?? throw new InvalidOperationException("the stream ended");
            if (line.Length == 0)
            {
                if (name is null && comment is null && data.Length == 0) continue;
                return new SseMessage(name, data.Length == 0 ? null : JsonNode.Parse(data.ToString()), comment);
            }

            if (line[0] == ':') comment = line[1..].Trim();
            else if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data.Append(line["data: ".Length..]);
        }
    }

    /// <summary>Reads until a message matches; returns it and every event read before it.</summary>
    public async Task<(SseMessage Match, List<SseMessage> Before)> UntilAsync(Func<SseMessage, bool> match)
    {
        var before = new List<SseMessage>();
        for (var i = 0; i < 1000; i++)
        {
            var m = await NextAsync();
            if (match(m)) return (m, before);
            before.Add(m);
        }

        throw new InvalidOperationException("no matching message in 1000");
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>One SSE message: an event with JSON data, or a comment.</summary>
internal sealed record SseMessage(string? Event, JsonNode? Data, string? Comment)
{
    /// <summary>Whether this is a metrics event naming <paramref name="ns"/>/<paramref name="metricName"/>.</summary>
    public bool Names(string ns, string metricName) =>
        Event == "metrics" && Data!["metrics"]!.AsArray().Any(m => (string?)m!["namespace"] == ns && (string?)m["metricName"] == metricName);

    /// <summary>Whether this is a metrics event naming any metric of <paramref name="ns"/>.</summary>
    public bool NamesNamespace(string ns) => Event == "metrics" && Data!["metrics"]!.AsArray().Any(m => (string?)m!["namespace"] == ns);
}
