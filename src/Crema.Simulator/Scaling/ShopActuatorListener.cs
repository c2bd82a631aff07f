using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Crema.Simulator.Engine;

namespace Crema.Simulator.Scaling;

/// <summary>
/// The coffee shops' side of Crema's webhook actuator contract, on loopback: POST /shops/{shop}/baristas with
/// {"desiredCapacity": n} puts n baristas on shift (newcomers after a warm-up) and GET answers {"actualCapacity": n}.
/// Each request must carry a valid X-Crema-Signature made with that shop's secret (the one Crema showed at registration).
/// </summary>
/// <remarks>
/// A runtime staffing change lasts until the shop closes; while Crema scales a shop the listener puts the last requested
/// number back for the next opening, so the shift schedule does not take over again overnight.
/// </remarks>
public sealed class ShopActuatorListener : IDisposable
{
    /// <summary>Requests older or newer than this (by <see cref="TimeProvider"/>) are refused as replays.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private readonly HttpListener _listener;
    private readonly Func<string, ShopSimulator?> _findShop;
    private readonly TimeSpan _warmUp;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, string> _secrets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _desired = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private readonly Task _reapplying;
    private long _accepted;
    private long _refused;

    private ShopActuatorListener(HttpListener listener, Uri baseAddress, Func<string, ShopSimulator?> findShop, TimeSpan warmUp, TimeProvider time)
    {
        _listener = listener;
        BaseAddress = baseAddress;
        _findShop = findShop;
        _warmUp = warmUp;
        _time = time;
        _serving = Task.Run(ServeAsync);
        _reapplying = Task.Run(ReapplyAsync);
    }

    /// <summary>e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Requests carried out, and requests refused (bad signature, unknown shop, bad body).</summary>
    public (long Accepted, long Refused) Counts => (Interlocked.Read(ref _accepted), Interlocked.Read(ref _refused));

    /// <summary>Starts listening on a free loopback port for the shops of <paramref name="simulation"/>.</summary>
    public static ShopActuatorListener Start(CoffeeShopSimulation simulation, TimeSpan warmUp, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        return Start(simulation.FindShop, warmUp, time ?? TimeProvider.System);
    }

    /// <summary>Starts listening for the shops <paramref name="findShop"/> knows.</summary>
    public static ShopActuatorListener Start(Func<string, ShopSimulator?> findShop, TimeSpan warmUp, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(findShop);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(warmUp, TimeSpan.Zero);

        // HttpListener cannot bind port 0: take a free port from the OS, then listen on it (retrying if another process wins it).
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var prefix = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/";
            var listener = new HttpListener();
            listener.Prefixes.Add(prefix);
            try
            {
                listener.Start();
                return new ShopActuatorListener(listener, new Uri(prefix), findShop, warmUp, time);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    /// <summary>The actuator URL of one shop.</summary>
    public Uri UrlOf(string shop) => new(BaseAddress, "shops/" + Uri.EscapeDataString(shop) + "/baristas");

    /// <summary>The secret Crema signs this shop's requests with.</summary>
    public void SetSecret(string shop, string secret)
    {
        lock (_gate) _secrets[shop] = secret;
    }

    /// <summary>The signature Crema sends: "sha256=" + hex HMAC-SHA256 (key: the secret's UTF-8 bytes) over "timestamp." + body.</summary>
    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var prefix = Encoding.ASCII.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            try
            {
                var (status, body) = await HandleAsync(ctx.Request).ConfigureAwait(false);
                if (status == 200) Interlocked.Increment(ref _accepted);
                else Interlocked.Increment(ref _refused);
                var bytes = Encoding.UTF8.GetBytes(body);
                ctx.Response.StatusCode = status;
                ctx.Response.ContentType = "application/json";
                ctx.Response.ContentLength64 = bytes.Length;
                await ctx.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
                ctx.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                ctx.Response.Abort();
            }
        }
    }

    private async Task<(int Status, string Body)> HandleAsync(HttpListenerRequest request)
    {
        var path = request.Url?.AbsolutePath ?? "";
        const string prefix = "/shops/";
        const string suffix = "/baristas";
        if (!path.StartsWith(prefix, StringComparison.Ordinal) || !path.EndsWith(suffix, StringComparison.Ordinal) || path.Length <= prefix.Length + suffix.Length)
            return (404, Error("not an actuator path; use /shops/{shop}/baristas"));
        var shopName = Uri.UnescapeDataString(path[prefix.Length..^suffix.Length]);
        if (_findShop(shopName) is not { } shop) return (404, Error($"no shop is named '{shopName}'"));

        using var buffer = new MemoryStream();
        await request.InputStream.CopyToAsync(buffer).ConfigureAwait(false);
        var body = buffer.ToArray();
        string? secret;
        lock (_gate) _secrets.TryGetValue(shopName, out secret);
        if (secret is null) return (401, Error($"no secret is set for '{shopName}'"));
        if (!long.TryParse(request.Headers["X-Crema-Timestamp"], NumberStyles.None, CultureInfo.InvariantCulture, out var ts)
            || Math.Abs(_time.GetUtcNow().ToUnixTimeSeconds() - ts) > MaxClockSkew.TotalSeconds)
            return (401, Error("X-Crema-Timestamp is missing or too far from now"));
        var expected = Encoding.ASCII.GetBytes(Sign(secret, ts, body));
        var given = Encoding.ASCII.GetBytes(request.Headers["X-Crema-Signature"] ?? "");
        if (!CryptographicOperations.FixedTimeEquals(expected, given)) return (401, Error("X-Crema-Signature does not match"));

        if (request.HttpMethod == "POST")
        {
            int desired;
            try
            {
                if (JsonNode.Parse(body)?["desiredCapacity"] is not JsonValue v || !v.TryGetValue(out desired) || desired is < 0 or > 1000)
                    return (400, Error("desiredCapacity must be a whole number from 0 to 1000"));
            }
            catch (System.Text.Json.JsonException)
            {
                return (400, Error("the body must be JSON"));
            }
            lock (_gate) _desired[shopName] = desired;
            shop.SetBaristas(desired, _warmUp);
        }
        else if (request.HttpMethod != "GET")
        {
            return (405, Error("use GET or POST"));
        }
        var staffing = shop.Staffing();
        var actual = staffing.Requested ?? staffing.Serving;
        return (200, new JsonObject { ["actualCapacity"] = actual, ["serving"] = staffing.Serving, ["warmingUp"] = staffing.WarmingUp }.ToJsonString());
    }

    /// <summary>Puts the requested baristas back after a closing (the shop's own schedule would take over otherwise).</summary>
    private async Task ReapplyAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false)) ReapplyOnce();
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One pass of the re-apply loop (tests call it directly).</summary>
    public void ReapplyOnce()
    {
        KeyValuePair<string, int>[] wanted;
        lock (_gate) wanted = [.. _desired];
        foreach (var (name, desired) in wanted)
        {
            if (_findShop(name) is { } shop && shop.Staffing().Requested is null) shop.SetBaristas(desired);
        }
    }

    private static string Error(string message) => new JsonObject { ["error"] = message }.ToJsonString();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try
        {
            Task.WaitAll([_serving, _reapplying], TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
        _stop.Dispose();
    }
}
