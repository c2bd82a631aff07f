using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Crema.Client;
using Crema.Client.Contracts;

/// <summary>
/// Audit figures: how many audited calls per second the server answers (management calls wait for
/// their event to be durable; reads do not), and how long after its answer a read is findable by lookup.
/// </summary>
internal static class AuditLoad
{
    public static async Task<int> RunAsync(Uri url, int calls, int senders)
    {
        using var http = Load.Http(url, TimeSpan.FromMinutes(2));

        // Management calls: a key created and deleted per call pair (each answer waits for its durable event).
        var sw = Stopwatch.StartNew();
        var done = 0;
        await Parallel.ForAsync(0, calls / 2, new ParallelOptions { MaxDegreeOfParallelism = senders }, async (i, ct) =>
        {
            using var created = await http.PostAsJsonAsync("api/v1/keys", new CreateKeyRequest { Description = "audit-bench " + i }, CremaJson.Options, ct);
            created.EnsureSuccessStatusCode();
            var key = await created.Content.ReadFromJsonAsync<CreateKeyResponse>(CremaJson.Options, ct);
            using var deleted = await http.DeleteAsync(new Uri("api/v1/keys/" + key!.Key.AccessKeyId, UriKind.Relative), ct);
            deleted.EnsureSuccessStatusCode();
            Interlocked.Add(ref done, 2);
        });
        var managementPerSecond = done / sw.Elapsed.TotalSeconds;

        // Reads: each GetRole of a distinct (absent) name, then lookup by that resource until found.
        var latencies = new List<double>();
        for (var i = 0; i < Math.Min(calls, 200); i++)
        {
            var name = "bench-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
            using (await http.GetAsync(new Uri("api/v1/roles/" + name, UriKind.Relative)))
            {
            }

            var answered = Stopwatch.StartNew();
            while (true)
            {
                var page = await http.GetFromJsonAsync<AuditLookupResponse>("api/v1/audit/events?resource=roles/" + name, CremaJson.Options);
                if (page!.Events.Count > 0) break;
                if (answered.Elapsed > TimeSpan.FromSeconds(5)) throw new InvalidOperationException("a read was not findable within 5 s");
            }

            latencies.Add(answered.Elapsed.TotalMilliseconds);
        }

        latencies.Sort();
        double P(double q) => latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            management_calls = done,
            management_calls_per_s = Math.Round(managementPerSecond, 1),
            senders,
            read_findable_ms_p50 = Math.Round(P(0.5), 2),
            read_findable_ms_p99 = Math.Round(P(0.99), 2),
            read_findable_ms_max = Math.Round(latencies[^1], 2),
            reads_measured = latencies.Count,
        }));
        return 0;
    }
}
