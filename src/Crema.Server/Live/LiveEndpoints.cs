using System.Buffers;
using System.Text;
using System.Text.Json;
using Crema.Server.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Crema.Server.Live;

/// <summary>GET /api/v1/live: Server-Sent Events of metrics that received samples and alarm state changes (docs/formats/dashboards.md).</summary>
internal static class LiveEndpoints
{
    private static readonly byte[] Connected = Encoding.UTF8.GetBytes(": connected\n\n");
    private static readonly byte[] KeepAlive = Encoding.UTF8.GetBytes(": keep-alive\n\n");

    public static void MapLive(this WebApplication app)
    {
        // Any signed-in caller may listen: what reaches them is filtered by their own permissions, event by event.
        app.MapGet("/api/v1/live", StreamAsync).SelfOperation("GetLiveEvents", readOnly: true).WithTags("Live")
            .WithSummary("Server-Sent Events: `metrics` (which metrics received samples, coalesced), `alarm` (state changes), keep-alive comments")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
    }

    private static async Task StreamAsync(HttpContext ctx, LiveHub hub, IOptions<LiveOptions> options, IHostApplicationLifetime lifetime)
    {
        var o = options.Value;

        // A client that goes away, or a server that stops, ends the stream (a stream never ends by itself).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, lifetime.ApplicationStopping);
        var ct = stop.Token;
        LiveSubscriber subscriber;
        try
        {
            subscriber = await hub.SubscribeAsync(ctx.Principal(), ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            var response = ctx.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache, no-store";
            response.Headers["X-Accel-Buffering"] = "no";
            ctx.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

            // Sent once subscribed: a client that has read it knows every later change reaches it.
            await response.Body.WriteAsync(Connected, ct).ConfigureAwait(false);
            await response.Body.FlushAsync(ct).ConfigureAwait(false);
            var buffer = new ArrayBufferWriter<byte>(4096);
            while (!ct.IsCancellationRequested)
            {
                if (!await subscriber.WaitAsync(o.KeepAliveInterval, ct).ConfigureAwait(false))
                {
                    await response.Body.WriteAsync(KeepAlive, ct).ConfigureAwait(false);
                    await response.Body.FlushAsync(ct).ConfigureAwait(false);
                    continue;
                }

                var (metrics, newestMs, alarms) = subscriber.Take();
                buffer.ResetWrittenCount();
                foreach (var a in alarms) WriteAlarm(buffer, a);
                for (var i = 0; i < metrics.Count; i += o.MaxMetricsPerEvent)
                {
                    WriteMetrics(buffer, metrics, i, Math.Min(o.MaxMetricsPerEvent, metrics.Count - i), newestMs);
                }

                if (buffer.WrittenCount == 0) continue;
                await response.Body.WriteAsync(buffer.WrittenMemory, ct).ConfigureAwait(false);
                await response.Body.FlushAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away or the server is stopping.
        }
        catch (IOException)
        {
            // The connection broke while writing.
        }
        finally
        {
            hub.Unsubscribe(subscriber);
        }
    }

    /// <summary>`event: metrics` with `{"time": newest sample ms, "metrics": [{"namespace","metricName"}]}`.</summary>
    internal static void WriteMetrics(ArrayBufferWriter<byte> buffer, IReadOnlyList<LiveMetric> metrics, int start, int count, long newestMs)
    {
        Ascii(buffer, "event: metrics\ndata: ");
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (newestMs == long.MinValue) w.WriteNull("time");
            else w.WriteNumber("time", newestMs);
            w.WriteStartArray("metrics");
            for (var i = start; i < start + count; i++)
            {
                w.WriteStartObject();
                w.WriteString("namespace", metrics[i].Namespace);
                w.WriteString("metricName", metrics[i].MetricName);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        Ascii(buffer, "\n\n");
    }

    /// <summary>`event: alarm` with `{"alarmName","state","previousState","reason","time"}` (time in Unix ms, as in metrics events).</summary>
    internal static void WriteAlarm(ArrayBufferWriter<byte> buffer, LiveAlarmEvent e)
    {
        // The history id lets a client that reconnects tell which changes it has seen.
        Ascii(buffer, "id: " + e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\nevent: alarm\ndata: ");
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("alarmName", e.AlarmName);
            w.WriteString("state", e.State);
            w.WriteString("previousState", e.PreviousState);
            w.WriteString("reason", e.Reason);
            w.WriteNumber("time", e.Time.ToUnixTimeMilliseconds());
            w.WriteEndObject();
        }

        Ascii(buffer, "\n\n");
    }

    private static void Ascii(ArrayBufferWriter<byte> buffer, string text)
    {
        var span = buffer.GetSpan(text.Length);
        var n = Encoding.ASCII.GetBytes(text, span);
        buffer.Advance(n);
    }
}
