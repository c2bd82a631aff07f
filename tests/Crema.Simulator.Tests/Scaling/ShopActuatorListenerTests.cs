using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Crema.Simulator.Metrics;
using Crema.Simulator.Scaling;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Simulator.Tests.Scaling;

/// <summary>The shops' actuator listener: signed requests set baristas with warm-up; bad signatures, replays and unknown shops are refused.</summary>
public sealed class ShopActuatorListenerTests : IDisposable
{
    // Tuesday 10:00 UTC (shops on UTC): Central is open, outside its rush blocks, so 2 baristas by the schedule.
    private static readonly DateTimeOffset Wall = new(2025, 6, 10, 10, 0, 0, TimeSpan.Zero);
    private const string Secret = "whsec_test-secret";
    private readonly FakeTimeProvider _time = new(Wall);
    private readonly CoffeeShopSimulation _sim;
    private readonly ShopActuatorListener _listener;
    private readonly HttpClient _http = new();

    public ShopActuatorListenerTests()
    {
        _sim = new CoffeeShopSimulation(new SimulatorOptions { Lookback = TimeSpan.Zero }, new InMemoryMetricSink(), _time);
        _listener = ShopActuatorListener.Start(_sim, TimeSpan.FromMinutes(3), _time);
        _listener.SetSecret("Central", Secret);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _http.Dispose();
        _sim.Dispose();
    }

    [Fact]
    public async Task A_signed_request_puts_baristas_on_shift_with_warm_up_and_get_reports_them()
    {
        using var set = await SendAsync(HttpMethod.Post, "Central", """{"target":"baristas-Central","desiredCapacity":4,"activityId":"a1","cause":"test"}""", Secret);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var answer = JsonNode.Parse(await set.Content.ReadAsStringAsync())!;
        Assert.Equal(4, answer["actualCapacity"]!.GetValue<int>());

        // Two already serve; two more arrive after the 3 minute warm-up.
        var shop = _sim.FindShop("Central")!;
        Assert.Equal((2, 2, (int?)4), (shop.Staffing().Serving, shop.Staffing().WarmingUp, shop.Staffing().Requested));
        shop.AdvanceTo(Wall.AddMinutes(3).AddSeconds(1), []);
        Assert.Equal((4, 0), (shop.Staffing().Serving, shop.Staffing().WarmingUp));

        using var get = await SendAsync(HttpMethod.Get, "Central", "", Secret);
        Assert.Equal(4, JsonNode.Parse(await get.Content.ReadAsStringAsync())!["actualCapacity"]!.GetValue<int>());
        Assert.Equal((2L, 0L), _listener.Counts);
    }

    [Fact]
    public async Task Bad_signatures_old_timestamps_unknown_shops_and_bad_bodies_are_refused_and_change_nothing()
    {
        var body = """{"desiredCapacity":5}""";
        using (var r = await SendAsync(HttpMethod.Post, "Central", body, "whsec_wrong")) Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        using (var r = await SendAsync(HttpMethod.Post, "Central", body, Secret, Wall.AddMinutes(-10))) Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        using (var r = await SendAsync(HttpMethod.Post, "Station", body, Secret)) Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        using (var r = await SendAsync(HttpMethod.Post, "Nowhere", body, Secret)) Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        using (var r = await SendAsync(HttpMethod.Post, "Central", """{"desiredCapacity":-1}""", Secret)) Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Null(_sim.FindShop("Central")!.Staffing().Requested);
        Assert.Equal((0L, 5L), _listener.Counts);
    }

    [Fact]
    public async Task The_requested_baristas_are_put_back_after_the_shop_closes()
    {
        using (var r = await SendAsync(HttpMethod.Post, "Central", """{"desiredCapacity":3}""", Secret)) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var shop = _sim.FindShop("Central")!;

        // Closing (19:00) ends the runtime staffing; the listener puts 3 back for the next opening.
        shop.AdvanceTo(Wall.AddHours(10), []);
        Assert.Null(shop.Staffing().Requested);
        _listener.ReapplyOnce();
        Assert.Equal(3, shop.Staffing().Requested);
        shop.AdvanceTo(Wall.AddHours(22), []);
        Assert.Equal(3, shop.Staffing().Serving);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string shop, string body, string secret, DateTimeOffset? at = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var ts = (at ?? _time.GetUtcNow()).ToUnixTimeSeconds();
        // Computed here independently of the listener's own Sign.
        var prefix = Encoding.ASCII.GetBytes(ts.ToString(CultureInfo.InvariantCulture) + ".");
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), (byte[])[.. prefix, .. bytes]));
        using var request = new HttpRequestMessage(method, _listener.UrlOf(shop));
        if (method == HttpMethod.Post) request.Content = new ByteArrayContent(bytes);
        request.Headers.Add("X-Crema-Timestamp", ts.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Crema-Signature", signature);
        return await _http.SendAsync(request);
    }
}
