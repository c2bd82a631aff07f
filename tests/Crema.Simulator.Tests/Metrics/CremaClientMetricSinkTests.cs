using System.Net;
using System.Text;
using System.Text.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Simulator.Metrics;

namespace Crema.Simulator.Tests.Metrics;

public class CremaClientMetricSinkTests
{
    /// <summary>A transport that answers from a script and records what it was sent; it tests our retry logic, not a server.</summary>
    private sealed class ScriptedHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] script) : HttpMessageHandler
    {
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            Bodies.Add(await request.Content!.ReadAsStringAsync(ct));
            var step = script[Math.Min(Bodies.Count - 1, script.Length - 1)];
            return step(request);
        }
    }

    private static readonly RetryOptions Fast = new() { MaxAttempts = 4, InitialBackoff = TimeSpan.Zero, MaxBackoff = TimeSpan.Zero };

    private static HttpResponseMessage Status(HttpStatusCode code, string body = "{\"title\":\"busy\"}")
        => new(code) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Ok(HttpRequestMessage _) => Status(HttpStatusCode.OK, "{\"datums\":2,\"samples\":2}");

    private static PutMetricDataRequest Request() => new()
    {
        Namespace = "CoffeeShop",
        MetricData =
        [
            new MetricDatumDto { MetricName = "CoffeesSold", Value = 3, Unit = "Count", Timestamp = TestRuns.Monday },
            new MetricDatumDto { MetricName = "OrderWait", Values = [60.5, 90], Counts = [1, 2], Unit = "Seconds", Timestamp = TestRuns.Monday },
        ],
    };

    private static CremaClient Client(HttpMessageHandler handler)
        => new(new HttpClient(handler) { BaseAddress = new Uri("http://crema.test/") });

    [Fact]
    public async Task Retries_a_503_then_succeeds()
    {
        var handler = new ScriptedHandler(_ => Status(HttpStatusCode.ServiceUnavailable), Ok);
        var sink = new CremaClientMetricSink(Client(handler), Fast);

        await sink.SendAsync(Request());

        Assert.Equal(2, handler.Bodies.Count);
        Assert.Equal(handler.Bodies[0], handler.Bodies[1]);
        var sent = JsonSerializer.Deserialize<PutMetricDataRequest>(handler.Bodies[1], CremaJson.Options)!;
        Assert.Equal("CoffeeShop", sent.Namespace);
        Assert.Equal([60.5, 90], sent.MetricData![1].Values);
        Assert.Equal(new MetricSinkStats(1, 2, 0, 0, 1, "HTTP 503: busy"), sink.Stats);
    }

    [Fact]
    public async Task Retries_throttling_and_connection_errors()
    {
        var handler = new ScriptedHandler(
            _ => Status(HttpStatusCode.TooManyRequests),
            _ => throw new HttpRequestException("connection refused"),
            Ok);
        var sink = new CremaClientMetricSink(Client(handler), Fast);
        await sink.SendAsync(Request());
        Assert.Equal(3, handler.Bodies.Count);
        Assert.Equal(1, sink.Stats.RequestsSent);
        Assert.Equal(2, sink.Stats.Retries);
    }

    [Fact]
    public async Task Gives_up_after_the_last_attempt_and_counts_the_failure()
    {
        var handler = new ScriptedHandler(_ => Status(HttpStatusCode.BadGateway));
        var sink = new CremaClientMetricSink(Client(handler), Fast);
        await sink.SendAsync(Request());
        Assert.Equal(4, handler.Bodies.Count);
        Assert.Equal(new MetricSinkStats(0, 0, 1, 2, 3, "HTTP 502: busy"), sink.Stats);
    }

    [Fact]
    public async Task Does_not_retry_a_refused_request()
    {
        var handler = new ScriptedHandler(_ => Status(HttpStatusCode.BadRequest,
            "{\"title\":\"Invalid datum\",\"errors\":{\"metricData[0].timestamp\":[\"more than 2 hours in the future\"]}}"));
        var sink = new CremaClientMetricSink(Client(handler), Fast);
        await sink.SendAsync(Request());
        Assert.Single(handler.Bodies);
        Assert.Equal(1, sink.Stats.RequestsFailed);
        Assert.Equal(2, sink.Stats.DatumsFailed);
        Assert.Contains("more than 2 hours in the future", sink.Stats.LastError);
    }

    [Fact]
    public async Task Cancellation_stops_the_retries()
    {
        using var cts = new CancellationTokenSource();
        var handler = new ScriptedHandler(_ =>
        {
            cts.Cancel();
            return Status(HttpStatusCode.ServiceUnavailable);
        });
        var sink = new CremaClientMetricSink(Client(handler), Fast with { InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(1) });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sink.SendAsync(Request(), cts.Token));
        Assert.Single(handler.Bodies);
    }

    [Fact]
    public void Backoff_doubles_up_to_the_maximum()
    {
        var r = new RetryOptions { InitialBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromMilliseconds(700) };
        Assert.Equal([100, 200, 400, 700, 700], Enumerable.Range(1, 5).Select(i => r.BackoffFor(i).TotalMilliseconds));
    }
}
