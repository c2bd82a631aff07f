using System.Net;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Alarms;
using Crema.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.Alarms;

/// <summary>
/// POST /api/v1/alarms/preview runs the real evaluator over stored data: its datapoints are the stored statistic per period,
/// and its transitions are exactly those a stored alarm went through live over the same data. Nothing is saved.
/// </summary>
public sealed class AlarmPreviewTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 8, 0, 0, TimeSpan.Zero);
    private const int Minutes = 90;

    private static PutMetricAlarmRequest P90() => new()
    {
        Namespace = "CoffeeShop",
        MetricName = "OrderWait",
        Dimensions = [new DimensionDto("Shop", "Central")],
        Statistic = "p90",
        Period = 60,
        EvaluationPeriods = 3,
        DatapointsToAlarm = 2,
        Threshold = 300,
        ComparisonOperator = ">",
    };

    private static PutMetricAlarmRequest P50Ignore() => P90() with
    {
        Statistic = "p50",
        EvaluationPeriods = 2,
        DatapointsToAlarm = null,
        Threshold = 250,
        TreatMissingData = "notBreaching",
        EvaluateLowSampleCountPercentile = "ignore",
    };

    [Fact]
    public async Task Preview_matches_the_live_alarm_over_the_same_random_data_and_saves_nothing()
    {
        await using var server = await CremaTestServer.StartAsync(time: new FakeTimeProvider(Start));
        var service = server.App.Services.GetRequiredService<AlarmService>();
        var alarms = new Dictionary<string, PutMetricAlarmRequest> { ["live-p90"] = P90(), ["live-p50"] = P50Ignore() };
        foreach (var (name, request) in alarms) await server.Client.PutMetricAlarmAsync(name, request);

        // Waits drift between calm and bad spells; some minutes have no orders, some only a few (under p50's 20 samples).
        var rng = new Random(7);
        var live = alarms.Keys.ToDictionary(k => k, _ => new List<(DateTimeOffset At, string State, string Reason)>());

        // A new alarm is evaluated when it is put, on the periods before it (the preview does the same at its start).
        foreach (var name in alarms.Keys)
        {
            var a = await server.Client.GetAlarmAsync(name);
            if (a.StateValue != "INSUFFICIENT_DATA") live[name].Add((Start, a.StateValue, a.StateReason));
        }

        for (var minute = 0; minute < Minutes; minute++)
        {
            var level = 250 + (150 * Math.Sin(minute / 8.0)) + rng.Next(-40, 41);
            var count = rng.Next(6) == 0 ? 0 : rng.Next(3) == 0 ? rng.Next(1, 20) : rng.Next(20, 60);
            var values = new List<double>();
            for (var i = 0; i < count; i++) values.Add(Math.Round(level + (rng.NextDouble() * 120) - 60, 1));
            if (count > 0)
            {
                await server.Client.PutMetricDataAsync(new PutMetricDataRequest
                {
                    Namespace = "CoffeeShop",
                    MetricData = [.. values.Select((v, i) => new MetricDatumDto
                    {
                        MetricName = "OrderWait", Dimensions = [new DimensionDto("Shop", "Central")], Value = v, Unit = "Seconds",
                        Timestamp = Start.AddMinutes(minute).AddSeconds(i * 59.0 / count),
                    })],
                });
            }

            server.Time.SetUtcNow(Start.AddMinutes(minute + 1).AddMilliseconds(100));
            await service.EvaluateDueAsync(server.Time.GetUtcNow(), CancellationToken.None);
            foreach (var name in alarms.Keys)
            {
                var a = await server.Client.GetAlarmAsync(name);
                var list = live[name];
                if ((list.Count == 0 ? "INSUFFICIENT_DATA" : list[^1].State) != a.StateValue) list.Add((Start.AddMinutes(minute + 1), a.StateValue, a.StateReason));
            }
        }

        foreach (var (name, request) in alarms)
        {
            var preview = await server.Client.PreviewMetricAlarmAsync(request, Start, Start.AddMinutes(Minutes));
            Assert.Equal(Start, preview.StartTime);
            Assert.Equal(Start.AddMinutes(Minutes), preview.EndTime);
            Assert.Equal(Minutes, preview.Datapoints.Count);

            // Datapoints: the stored statistic of each minute (GetMetricData), breaching when over the threshold.
            var stored = await server.Client.GetMetricDataAsync(new GetMetricDataRequest
            {
                StartTime = Start,
                EndTime = Start.AddMinutes(Minutes),
                ScanBy = "TimestampAscending",
                MetricDataQueries =
                [
                    new MetricDataQueryDto { Id = "v", ReturnData = true, MetricStat = new MetricStatDto { Metric = new MetricDto { Namespace = "CoffeeShop", MetricName = "OrderWait", Dimensions = request.Dimensions }, Period = 60, Stat = request.Statistic } },
                    new MetricDataQueryDto { Id = "n", ReturnData = true, MetricStat = new MetricStatDto { Metric = new MetricDto { Namespace = "CoffeeShop", MetricName = "OrderWait", Dimensions = request.Dimensions }, Period = 60, Stat = "SampleCount" } },
                ],
            });
            var v = stored.MetricDataResults.Single(r => r.Id == "v");
            var n = stored.MetricDataResults.Single(r => r.Id == "n");
            for (var k = 0; k < Minutes; k++)
            {
                var at = Start.AddMinutes(k);
                var p = preview.Datapoints[k];
                Assert.Equal(at, p.Timestamp);
                var idx = v.Timestamps.ToList().IndexOf(at);
                if (idx < 0)
                {
                    Assert.Null(p.Value);
                    Assert.Null(p.Breaching);
                    continue;
                }

                Assert.Equal(v.Values[idx], p.Value!.Value, 9);
                Assert.Equal(v.Values[idx] > request.Threshold, p.Breaching);
                Assert.Equal(n.Values[n.Timestamps.ToList().IndexOf(at)], p.SampleCount);
            }

            // Transitions: exactly the live alarm's, at the same period ends, with the same reasons.
            var expected = live[name];
            Assert.True(expected.Count >= 2, $"{name}: the random data should move the live alarm at least twice; it went {string.Join(", ", expected.Select(e => e.State))}");
            Assert.Equal(expected.Select(e => (e.At, e.State, e.Reason)), preview.Transitions.Select(t => (t.Timestamp, t.NewState, t.Reason)));
            Assert.Equal(expected[^1].State, preview.FinalState);
            Assert.Equal("INSUFFICIENT_DATA", preview.Transitions[0].OldState);
        }

        // The p50 alarm's "ignore" mattered on this data: evaluated regardless, the same alarm moves differently.
        Assert.Equal("ignore", (await server.Client.GetAlarmAsync("live-p50")).EvaluateLowSampleCountPercentile);
        var evaluated = await server.Client.PreviewMetricAlarmAsync(P50Ignore() with { EvaluateLowSampleCountPercentile = "evaluate" }, Start, Start.AddMinutes(Minutes));
        Assert.NotEqual(live["live-p50"].Select(e => (e.At, e.State)), evaluated.Transitions.Select(t => (t.Timestamp, t.NewState)));
        Assert.Contains(live["live-p50"], e => e.State == "OK");

        // The preview saved nothing: only the two live alarms exist.
        Assert.Equal(["live-p50", "live-p90"], (await server.Client.DescribeAlarmsAsync()).MetricAlarms.Select(a => a.AlarmName));
    }

    [Fact]
    public async Task Preview_defaults_to_the_last_day_and_refuses_bad_ranges_forecasts_and_invalid_alarms()
    {
        var now = Start.AddDays(2).AddSeconds(30);
        await using var server = await CremaTestServer.StartAsync(time: new FakeTimeProvider(now));

        var day = await server.Client.PreviewMetricAlarmAsync(P90() with { Period = 300 });
        Assert.Equal(Start.AddDays(2), day.EndTime);
        Assert.Equal(Start.AddDays(1), day.StartTime);
        Assert.Equal(288, day.Datapoints.Count);
        Assert.All(day.Datapoints, d => Assert.Null(d.Value));
        Assert.Empty(day.Transitions);
        Assert.Equal("INSUFFICIENT_DATA", day.FinalState);
        Assert.Equal(300, day.Threshold);

        var backwards = await Assert.ThrowsAsync<CremaApiException>(() => server.Client.PreviewMetricAlarmAsync(P90(), now.AddHours(-1), now.AddHours(-2)));
        Assert.Equal(400, backwards.Status);
        Assert.Contains("endTime", backwards.Problem!.Errors!.Keys);

        var tooLong = await Assert.ThrowsAsync<CremaApiException>(() => server.Client.PreviewMetricAlarmAsync(P90() with { Period = 10 }, now.AddDays(-3), now));
        Assert.Contains("at most 10080 periods", tooLong.Problem!.Errors!["startTime"][0], StringComparison.Ordinal);

        var forecast = await Assert.ThrowsAsync<CremaApiException>(() => server.Client.PreviewMetricAlarmAsync(P90() with { Forecast = new AlarmForecastDto() }));
        Assert.Contains("forecast", forecast.Problem!.Errors!.Keys);

        var invalid = await Assert.ThrowsAsync<CremaApiException>(() => server.Client.PreviewMetricAlarmAsync(P90() with { Statistic = "p90", EvaluateLowSampleCountPercentile = "sometimes" }));
        Assert.Equal("'sometimes' must be evaluate or ignore", Assert.Single(invalid.Problem!.Errors!["evaluateLowSampleCountPercentile"]));
        Assert.Empty((await server.Client.DescribeAlarmsAsync()).MetricAlarms);
    }

    [Fact]
    public async Task Put_refuses_a_metric_math_alarm_whose_expression_does_not_parse_or_reads_an_unknown_id()
    {
        await using var server = await CremaTestServer.StartAsync(time: new FakeTimeProvider(Start));
        var m1 = new AlarmMetricQueryDto
        {
            Id = "m1",
            MetricStat = new MetricStatDto { Metric = new MetricDto { Namespace = "CoffeeShop", MetricName = "CoffeesSold" }, Period = 60, Stat = "Sum" },
        };
        PutMetricAlarmRequest Math(string expression) => new()
        {
            Metrics = [m1, new AlarmMetricQueryDto { Id = "e1", Expression = expression, ReturnData = true }],
            EvaluationPeriods = 1,
            Threshold = 1,
            ComparisonOperator = "<",
        };

        var parse = await Assert.ThrowsAsync<CremaApiException>(() => server.Client.PutMetricAlarmAsync("bad", Math("m1 * (2 +")));
        Assert.Equal(400, parse.Status);
        Assert.Contains("position 9", Assert.Single(parse.Problem!.Errors!["metrics[1].Expression"]), StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<CremaApiException>(() => server.Client.PutMetricAlarmAsync("bad", Math("m1 / m2")));
        Assert.Equal("Metrics[1].Expression reads \"m2\", which is not the id of a query in Metrics.", Assert.Single(unknown.Problem!.Errors!["metrics[1].Expression"]));
        Assert.Equal("good", (await server.Client.PutMetricAlarmAsync("good", Math("m1 * 2"))).AlarmName);
        using var raw = await server.Http.GetAsync("api/v1/alarms/bad");
        Assert.Equal(HttpStatusCode.NotFound, raw.StatusCode);
    }
}
