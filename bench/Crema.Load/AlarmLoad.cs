using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Crema.Client;
using Crema.Client.Contracts;

/// <summary>
/// Alarm latency: N alarms on N high-resolution series (10-second periods, 1 of 1 datapoints above 0);
/// one breaching datapoint per series is written inside a period; the figure is how long after that
/// period closed each alarm's state changed to ALARM (the server's state-updated time minus the period end).
/// </summary>
internal static class AlarmLoad
{
    public static async Task<int> RunAsync(Uri url, int alarms, int senders)
    {
        using var http = Load.Http(url, TimeSpan.FromMinutes(5));
        var sw = Stopwatch.StartNew();
        await Parallel.ForAsync(0, alarms, new ParallelOptions { MaxDegreeOfParallelism = senders }, async (i, ct) =>
        {
            var body = new PutMetricAlarmRequest
            {
                Namespace = "Bench",
                MetricName = "Latency",
                Dimensions = [new DimensionDto("Series", i.ToString(System.Globalization.CultureInfo.InvariantCulture))],
                Statistic = "Maximum",
                Period = 10,
                EvaluationPeriods = 1,
                Threshold = 0,
                ComparisonOperator = ">",
            };
            using var r = await http.PutAsJsonAsync($"api/v1/alarms/bench-{i}", body, CremaJson.Options, ct);
            r.EnsureSuccessStatusCode();
        });
        var createSeconds = sw.Elapsed.TotalSeconds;

        // Write one breaching value per series early in the next 10-second period.
        var now = TimeProvider.System.GetUtcNow();
        var periodStart = DateTimeOffset.FromUnixTimeSeconds((now.ToUnixTimeSeconds() / 10 * 10) + 10);
        await Task.Delay(periodStart - now + TimeSpan.FromMilliseconds(200));
        var writes = new List<MetricDatumDto>(alarms);
        for (var i = 0; i < alarms; i++)
        {
            writes.Add(new MetricDatumDto
            {
                MetricName = "Latency",
                Dimensions = [new DimensionDto("Series", i.ToString(System.Globalization.CultureInfo.InvariantCulture))],
                Value = 1,
                Timestamp = periodStart.AddSeconds(1),
                StorageResolution = 1,
            });
        }

        for (var i = 0; i < writes.Count; i += 1000)
        {
            using var r = await http.PostAsJsonAsync("api/v1/metrics", new PutMetricDataRequest { Namespace = "Bench", MetricData = writes.Skip(i).Take(1000).ToList() }, CremaJson.Options);
            r.EnsureSuccessStatusCode();
        }

        var periodEnd = periodStart.AddSeconds(10);

        // Seen from outside: poll the alarm updated last in a round until it reads ALARM.
        var untilEnd = periodEnd - TimeProvider.System.GetUtcNow();
        if (untilEnd > TimeSpan.Zero) await Task.Delay(untilEnd);
        double? observedMs = null;
        while (observedMs is null && TimeProvider.System.GetUtcNow() < periodEnd.AddSeconds(30))
        {
            var last = await http.GetFromJsonAsync<MetricAlarmDto>($"api/v1/alarms/bench-{alarms - 1}", CremaJson.Options);
            var first = await http.GetFromJsonAsync<MetricAlarmDto>("api/v1/alarms/bench-0", CremaJson.Options);
            if (last!.StateValue == "ALARM" && first!.StateValue == "ALARM") observedMs = (TimeProvider.System.GetUtcNow() - periodEnd).TotalMilliseconds;
            else await Task.Delay(5);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        var latencies = new List<double>();
        string? token = null;
        var notInAlarm = 0;
        do
        {
            var page = await http.GetFromJsonAsync<DescribeAlarmsResponse>("api/v1/alarms?alarmNamePrefix=bench-" + (token is null ? "" : "&nextToken=" + token), CremaJson.Options);
            foreach (var a in page!.MetricAlarms)
            {
                if (a.StateValue != "ALARM") notInAlarm++;
                else latencies.Add((a.StateUpdatedTimestamp - periodEnd).TotalMilliseconds);
            }

            token = page.NextToken;
        }
        while (token is not null);

        latencies.Sort();
        double P(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            alarms,
            create_s = Math.Round(createSeconds, 2),
            in_alarm = latencies.Count,
            not_in_alarm = notInAlarm,
            observed_in_alarm_after_period_close_ms = observedMs is { } o ? Math.Round(o, 1) : double.NaN,
            alarm_after_period_close_ms_p50 = Math.Round(P(0.5), 1),
            alarm_after_period_close_ms_p99 = Math.Round(P(0.99), 1),
            alarm_after_period_close_ms_max = latencies.Count == 0 ? double.NaN : Math.Round(latencies[^1], 1),
        }));
        return 0;
    }
}
