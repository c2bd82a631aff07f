using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Crema.Client;
using Crema.Client.Contracts;

// crema-load: Crema's own HTTP load tool.
//   ingest-json --url U [--series 2000] [--points 8640] [--senders 4] [--datums 500] [--values 150]
//   query --url U --meta /tmp/bench-data/meta.json [--ns Prometheus] [--shop shop_042] [--runs 5]
//   audit --url U [--calls 500] [--senders 4]   (audited calls per second; how soon a call is findable by lookup)
//   alarms --url U [--alarms 10000] [--senders 4]   (how soon after a period closes a breaching alarm is in ALARM)
// Credentials: CREMA_ACCESS_KEY_ID + CREMA_SECRET_ACCESS_KEY (or CREMA_SESSION_TOKEN) in the environment.
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: crema-load ingest-json|query --url URL [options]");
    return 2;
}
var opts = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i + 1 < args.Length; i += 2) opts[args[i].TrimStart('-')] = args[i + 1];
string Opt(string k, string d) => opts.TryGetValue(k, out var v) ? v : d;
int IntOpt(string k, int d) => int.Parse(Opt(k, d.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
var url = new Uri(Opt("url", "http://127.0.0.1:8085").TrimEnd('/') + "/");
return args[0] switch
{
    "ingest-json" => await Load.IngestJsonAsync(url, IntOpt("series", 2000), IntOpt("points", 8640), IntOpt("senders", 4), IntOpt("datums", 500), IntOpt("values", 150)),
    "query" => await Load.QueryAsync(url, Opt("meta", "/tmp/bench-data/meta.json"), Opt("ns", "Prometheus"), Opt("shop", "shop_042"), IntOpt("runs", 5)),
    "audit" => await AuditLoad.RunAsync(url, IntOpt("calls", 500), IntOpt("senders", 4)),
    "alarms" => await AlarmLoad.RunAsync(url, IntOpt("alarms", 10000), IntOpt("senders", 4)),
    _ => 2,
};

internal static class Load
{
    /// <summary>An HttpClient for the server with the credentials from the environment.</summary>
    public static HttpClient Http(Uri url, TimeSpan timeout)
    {
        var http = new HttpClient { BaseAddress = url, Timeout = timeout };
        if (CremaCredentials.Resolve(url) is { } credentials) http.DefaultRequestHeaders.Authorization = credentials.ToHeader();
        return http;
    }

    /// <summary>Native JSON batch ingest: datums of `values` samples each (values arrays), built before the clock starts.</summary>
    public static async Task<int> IngestJsonAsync(Uri url, int series, int points, int senders, int datumsPerRequest, int valuesPerDatum)
    {
        var end = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() / 10 * 10 - 60);
        // A datum holds one timestamp, so `values` observations of a series share it; consecutive datums step 10 s.
        var datumsPerSeries = (points + valuesPerDatum - 1) / valuesPerDatum;
        var start = end.AddSeconds(-10L * (datumsPerSeries - 1));
        var rng = new Random(42);
        var bodies = new List<(byte[] Body, long Samples)>();
        var pending = new List<MetricDatumDto>();
        long pendingSamples = 0, total = 0;
        void Flush()
        {
            if (pending.Count == 0) return;
            var body = JsonSerializer.SerializeToUtf8Bytes(new PutMetricDataRequest { Namespace = "LoadJson", MetricData = pending.ToArray() }, CremaJson.Options);
            bodies.Add((body, pendingSamples));
            pending.Clear();
            pendingSamples = 0;
        }
        for (var d = 0; d < datumsPerSeries; d++)
        {
            for (var s = 0; s < series; s++)
            {
                var n = Math.Min(valuesPerDatum, points - d * valuesPerDatum);
                var vals = new double[n];
                for (var k = 0; k < n; k++) vals[k] = Math.Round(30 + 240 * rng.NextDouble(), 2);
                pending.Add(new MetricDatumDto
                {
                    MetricName = "wait_time_seconds",
                    Dimensions = [new DimensionDto("shop", "shop_" + s.ToString("D4", CultureInfo.InvariantCulture))],
                    Timestamp = start.AddSeconds(10L * d),
                    Values = vals,
                    StorageResolution = 1,
                });
                pendingSamples += n;
                total += n;
                if (pending.Count == datumsPerRequest) Flush();
            }
        }
        Flush();
        Console.Error.WriteLine($"ingest-json: {total:N0} samples in {bodies.Count} requests ({bodies.Average(b => b.Body.Length) / 1024:F0} KiB each), {senders} senders");
        long ok = 0, failed = 0;
        var next = -1;
        var sw = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, senders).Select(async _ =>
        {
            using var http = Load.Http(url, TimeSpan.FromMinutes(2));
            int i;
            while ((i = Interlocked.Increment(ref next)) < bodies.Count)
            {
                using var content = new ByteArrayContent(bodies[i].Body);
                content.Headers.ContentType = new("application/json");
                using var resp = await http.PostAsync(new Uri("api/v1/metrics", UriKind.Relative), content).ConfigureAwait(false);
                if (resp.IsSuccessStatusCode) Interlocked.Add(ref ok, bodies[i].Samples);
                else
                {
                    Interlocked.Add(ref failed, bodies[i].Samples);
                    Console.Error.WriteLine($"{(int)resp.StatusCode}: {await resp.Content.ReadAsStringAsync().ConfigureAwait(false)}");
                }
            }
        }).ToArray();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        var el = sw.Elapsed.TotalSeconds;
        Console.WriteLine(JsonSerializer.Serialize(new { protocol = "native-json", samples_ok = ok, samples_failed = failed, elapsed_s = Math.Round(el, 3), samples_per_s = Math.Round(ok / el) }));
        return failed == 0 ? 0 : 1;
    }

    /// <summary>The peers' three queries through the native API: median of `runs` after one warm-up.</summary>
    public static async Task<int> QueryAsync(Uri url, string metaPath, string ns, string shop, int runs)
    {
        using var meta = JsonDocument.Parse(await File.ReadAllTextAsync(metaPath).ConfigureAwait(false));
        var endMs = meta.RootElement.GetProperty("end_ms").GetInt64() / 1000 * 1000;
        var end = DateTimeOffset.FromUnixTimeMilliseconds(endMs + 1);
        var start = end.AddHours(-24);
        MetricDataQueryDto Q(string id, string? shopValue, int period, string stat, bool ret = true) => new()
        {
            Id = id,
            ReturnData = ret,
            MetricStat = new MetricStatDto
            {
                Metric = new MetricDto { Namespace = ns, MetricName = "wait_time_seconds", Dimensions = [new DimensionDto("shop", shopValue ?? "*")] },
                Period = period,
                Stat = stat,
            },
        };
        var queries = new (string Name, GetMetricDataRequest Request)[]
        {
            ("q1_one_series_24h_1m_avg", new GetMetricDataRequest { StartTime = start, EndTime = end, MetricDataQueries = [Q("m", shop, 60, "Average")] }),
            ("q2_all_shops_24h_5m_avg", new GetMetricDataRequest { StartTime = start, EndTime = end, MetricDataQueries = [Q("m", null, 300, "Average", ret: false), new MetricDataQueryDto { Id = "avg", Expression = "AVG(m)" }] }),
            ("q3_one_series_24h_p99", new GetMetricDataRequest { StartTime = start, EndTime = end, MetricDataQueries = [Q("m", shop, 86400, "p99")] }),
        };
        var results = new Dictionary<string, object>();
        foreach (var (name, req) in queries)
        {
            var times = new List<double>();
            GetMetricDataResponse? last = null;
            var body = JsonSerializer.SerializeToUtf8Bytes(req, CremaJson.Options);
            for (var i = 0; i <= runs; i++)
            {
                // Like the peers' harness: a new connection per query, and only the HTTP exchange
                // (request out, whole response body in) is timed; parsing comes after.
                using var http = Load.Http(url, TimeSpan.FromSeconds(100));
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/json");
                var sw = Stopwatch.StartNew();
                using var resp = await http.PostAsync(new Uri("api/v1/metrics/query", UriKind.Relative), content).ConfigureAwait(false);
                var bytes = await resp.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                var ms = sw.Elapsed.TotalMilliseconds;
                if (!resp.IsSuccessStatusCode) throw new InvalidOperationException($"{name}: HTTP {(int)resp.StatusCode}");
                last = JsonSerializer.Deserialize<GetMetricDataResponse>(bytes, CremaJson.Options);
                if (i > 0) times.Add(ms);
            }
            times.Sort();
            var points = last!.MetricDataResults.Sum(r => r.Values.Count);
            var sample = last.MetricDataResults.FirstOrDefault(r => r.Values.Count > 0) is { } rr ? rr.Values[rr.Values.Count / 2] : double.NaN;
            results[name] = new { median_ms = Math.Round(times[times.Count / 2], 2), min_ms = Math.Round(times[0], 2), points, sample_value = sample };
            Console.Error.WriteLine($"  {name,-28} median {times[times.Count / 2],8:F2} ms  (points={points} value={sample})");
        }
        Console.WriteLine(JsonSerializer.Serialize(results));
        return 0;
    }
}
