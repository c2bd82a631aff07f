using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Crema.Server.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Crema.Server.Tests.Scaling;

/// <summary>A real loopback webhook actuator: checks each request's signature, keeps the capacity it was asked for and reports it back.</summary>
public sealed class ActuatorReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Method, int? Desired, bool SignatureValid, string? ActivityId, string? Cause)> _requests = new();

    private ActuatorReceiver(WebApplication app) => _app = app;

    /// <summary>The target's secret, from the answer to its registration.</summary>
    public string? Secret { get; set; }

    /// <summary>How to answer: Healthy, Fail (HTTP 500) or Hang (no answer for 5 s).</summary>
    public string Mode { get; set; } = "Healthy";

    /// <summary>The capacity in service.</summary>
    public int Capacity { get; set; }

    public IReadOnlyList<(string Method, int? Desired, bool SignatureValid, string? ActivityId, string? Cause)> Requests => [.. _requests];

    public string Url { get; private set; } = "";

    public static async Task<ActuatorReceiver> StartAsync(int capacity)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new ActuatorReceiver(app) { Capacity = capacity };
        app.Map("/capacity", async (HttpContext ctx) =>
        {
            using var buffer = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var ts = long.Parse(ctx.Request.Headers["X-Crema-Timestamp"].ToString(), CultureInfo.InvariantCulture);
            var valid = receiver.Secret is { } s && WebhookSignature.Compute(s, ts, body) == ctx.Request.Headers["X-Crema-Signature"].ToString();
            int? desired = null;
            string? activity = null;
            string? cause = null;
            if (HttpMethods.IsPost(ctx.Request.Method))
            {
                var json = JsonNode.Parse(body)!.AsObject();
                desired = json["desiredCapacity"]!.GetValue<int>();
                activity = json["activityId"]!.GetValue<string>();
                cause = json["cause"]!.GetValue<string>();
            }
            receiver._requests.Enqueue((ctx.Request.Method, desired, valid, activity, cause));
            if (!valid) return Results.Unauthorized();
            if (receiver.Mode == "Fail") return Results.Problem(statusCode: 500, detail: "the rota system is down");
            if (receiver.Mode == "Hang") await Task.Delay(TimeSpan.FromSeconds(5));
            if (desired is { } d) receiver.Capacity = d;
            return Results.Json(new { actualCapacity = receiver.Capacity });
        });
        await app.StartAsync();
        receiver.Url = app.Urls.Single().TrimEnd('/') + "/capacity";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
