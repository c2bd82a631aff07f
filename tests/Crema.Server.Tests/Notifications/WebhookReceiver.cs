using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Crema.Server.Tests.Notifications;

/// <summary>A tiny Kestrel app on a loopback port that records each POST and answers with the status its script gives for that request.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private int _count;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>The status for the n-th request (1-based); change it between requests to script the receiver.</summary>
    public Func<int, int> Status { get; set; } = _ => 200;

    /// <summary>The receiver's root URL.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", async (HttpContext ctx) =>
        {
            using var buffer = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer);
            var headers = ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var n = Interlocked.Increment(ref receiver._count);
            var status = receiver.Status(n);
            receiver._requests.Enqueue(new ReceivedRequest(n, ctx.Request.Path + ctx.Request.QueryString, headers, buffer.ToArray(), status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Urls.Single();
        receiver.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return receiver;
    }

    /// <summary>An absolute URL on this receiver.</summary>
    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request the receiver got and the status it answered.</summary>
public sealed record ReceivedRequest(int Number, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, int AnsweredStatus);
