using System.Net.Http.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Notifications;
using Crema.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Crema.Server.Tests.Notifications;

/// <summary>Calls of the topics API and waits for the delivery loop, shared by the notification tests.</summary>
public static class NotificationHarness
{
    /// <summary>Fast retries so that a whole retry schedule fits in a few fake seconds.</summary>
    public static readonly string[] FastRetries = ["--Notifications:MaxAttempts", "4", "--Notifications:FirstRetryDelay", "00:00:01"];

    public static async Task CreateTopicAsync(CremaTestServer server, string name, string? displayName = null)
    {
        using var response = await server.Http.PostAsJsonAsync("api/v1/topics", new CreateTopicRequest { Name = name, DisplayName = displayName }, CremaJson.Options);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<SubscribeResponse> SubscribeAsync(CremaTestServer server, string topic, string protocol, string? endpoint)
    {
        using var response = await server.Http.PostAsJsonAsync($"api/v1/topics/{topic}/subscriptions", new SubscribeRequest { Protocol = protocol, Endpoint = endpoint },
            CremaJson.Options);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SubscribeResponse>(CremaJson.Options))!;
    }

    public static async Task<PublishResponse> PublishAsync(CremaTestServer server, string topic, string subject, string text)
    {
        using var response = await server.Http.PostAsJsonAsync($"api/v1/topics/{topic}/publish", new PublishRequest { Subject = subject, Text = text }, CremaJson.Options);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<PublishResponse>(CremaJson.Options))!;
    }

    public static async Task<IReadOnlyList<DeliveryDto>> DeliveriesAsync(CremaTestServer server, string topic, string? status = null)
    {
        var url = $"api/v1/topics/{topic}/deliveries" + (status is null ? "" : "?status=" + status);
        return (await server.Http.GetFromJsonAsync<ListDeliveriesResponse>(url, CremaJson.Options))!.Deliveries;
    }

    /// <summary>
    /// Polls (real time, 15 s deadline) until <paramref name="done"/> holds, moving the fake clock by <paramref name="step"/>
    /// between polls so that retries come due; a step of zero leaves the clock alone.
    /// </summary>
    public static async Task<T> WaitForAsync<T>(CremaTestServer server, Func<Task<T?>> done, TimeSpan step, string what)
        where T : class
    {
        var deadline = Environment.TickCount64 + 15_000;
        while (true)
        {
            if (await done() is { } result) return result;
            if (Environment.TickCount64 > deadline) throw new TimeoutException("gave up waiting for " + what);
            if (step > TimeSpan.Zero) server.Time.Advance(step);
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until the delivery is no longer Pending and returns it.</summary>
    public static Task<DeliveryDto> WaitForFinalAsync(CremaTestServer server, string topic, long deliveryId, TimeSpan step) =>
        WaitForAsync(server, async () => (await DeliveriesAsync(server, topic)).SingleOrDefault(d => d.Id == deliveryId && d.Status != "Pending"), step,
            $"delivery {deliveryId} to finish");

    public static NotificationPublisher Publisher(CremaTestServer server) => server.App.Services.GetRequiredService<NotificationPublisher>();
}
