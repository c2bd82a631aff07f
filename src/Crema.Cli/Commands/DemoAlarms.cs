using System.Globalization;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Simulator.Metrics;
using Crema.Simulator.Model;
using Crema.Simulator.Trouble;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Crema.Cli.Commands;

/// <summary>The demo's alarms: four per shop, all notifying the topic "coffee-shop-alerts", and their states for the terminal.</summary>
/// <remarks>
/// The server evaluates alarms against the wall clock, so they see the simulated shops once the simulation has
/// caught up with now; during the accelerated catch-up their recent periods are empty.
/// Public so that the server's end-to-end tests use the very definitions the demo makes.
/// </remarks>
public sealed class DemoAlarms
{
    /// <summary>The topic every demo alarm notifies.</summary>
    public const string Topic = "coffee-shop-alerts";

    /// <summary>The alarm kinds, in the column order of the panel.</summary>
    public static readonly string[] Kinds = ["wait-too-long", "milk-low", "milk-runs-out-soon", "no-sales"];

    /// <summary>p90 OrderWait per minute, 3 of 3: the simulator's calm days stay under ~440 s (the worst 3 minutes in a
    /// row over a week of seeds), while a barista going home in the rush pushes it to 450–700 s.</summary>
    public const double WaitThresholdSeconds = 480;

    /// <summary>"Milk low": under this many litres for two minutes.</summary>
    public const double MilkLowLitres = 3;

    private readonly CremaClient _client;
    private readonly string _namespace;
    private readonly IReadOnlyList<string> _shops;
    private readonly Dictionary<string, string> _states = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private readonly IReadOnlyList<(string Shop, TimeOnly Opens, TimeOnly Closes)> _hours;
    private readonly TimeSpan _utcOffset;

    /// <summary>
    /// The alarms of <paramref name="shops"/>, managed through <paramref name="client"/> (an admin's); with
    /// <paramref name="hours"/>, each shop's "no sales" alarm is muted while it is closed (local time at <paramref name="utcOffset"/>).
    /// </summary>
    public DemoAlarms(CremaClient client, string metricNamespace, IReadOnlyList<string> shops,
        IReadOnlyList<(string Shop, TimeOnly Opens, TimeOnly Closes)>? hours = null, TimeSpan utcOffset = default)
    {
        _client = client;
        _namespace = metricNamespace;
        _shops = shops;
        _hours = hours ?? [];
        _utcOffset = utcOffset;
    }

    /// <summary>The last error of <see cref="PollAsync"/>, shown instead of the states.</summary>
    public string? LastError { get; private set; }

    /// <summary>
    /// The demo's default trouble, relative to the moment the simulation catches up with now (alarms judge the present, so
    /// trouble inside the fast catch-up would never be seen): from 2 minutes after it nobody serves at Harbour for 20
    /// minutes (the customers served afterwards have waited 8–20 minutes, so wait-too-long goes to ALARM a few minutes
    /// after the counter reopens and back to OK once the queue is gone), and Station's milk van, due at 06:30, comes
    /// 31 minutes after it (by then Station's milk has run out on most afternoons and evenings: milk-low and
    /// milk-runs-out-soon fire within minutes and clear when the van comes). Only shops that run.
    /// </summary>
    public static List<ShopTrouble> DefaultTrouble(int shops)
    {
        var names = ShopProfile.CreateDefaults(Math.Max(1, shops));
        var list = new List<ShopTrouble>();
        if (names.Count > 2) list.Add(ShopTrouble.CounterUnstaffedAfterCatchUp(names[2].Name, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(20)));
        if (names.Count > 1) list.Add(ShopTrouble.DeliveryAfterCatchUp(names[1].Name, StockKind.Milk, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(30)));
        return list;
    }

    /// <summary>The name of one shop's alarm of one kind.</summary>
    public static string AlarmName(string kind, string shop) => kind + "-" + shop;

    /// <summary>The alarms for every shop, as PUT requests.</summary>
    public static IEnumerable<(string Name, PutMetricAlarmRequest Request)> Definitions(string metricNamespace, IReadOnlyList<string> shops)
    {
        foreach (var shop in shops)
        {
            IReadOnlyList<DimensionDto> dims = [new DimensionDto(MetricNames.ShopDimension, shop)];
            var common = new PutMetricAlarmRequest { Namespace = metricNamespace, Dimensions = dims, AlarmActions = [Topic], OkActions = [Topic] };
            yield return (AlarmName("wait-too-long", shop), common with
            {
                AlarmDescription = $"Customers at {shop} wait too long (p90 over {WaitThresholdSeconds:F0} s for 3 minutes)",
                MetricName = MetricNames.OrderWait,
                Statistic = "p90",
                Period = 60,
                EvaluationPeriods = 3,
                DatapointsToAlarm = 3,
                Threshold = WaitThresholdSeconds,
                ComparisonOperator = ">",
            });
            yield return (AlarmName("milk-low", shop), common with
            {
                AlarmDescription = $"{shop} has less than {MilkLowLitres:F0} l of milk",
                MetricName = MetricNames.StockMilkLitres,
                Statistic = "Minimum",
                Period = 60,
                EvaluationPeriods = 2,
                Threshold = MilkLowLitres,
                ComparisonOperator = "<",
            });
            yield return (AlarmName("milk-runs-out-soon", shop), common with
            {
                AlarmDescription = $"At the current pace {shop} runs out of milk within 30 minutes",
                MetricName = MetricNames.StockMilkLitres,
                Statistic = "Average",
                Period = 60,
                EvaluationPeriods = 1,
                Threshold = 0.5,
                ComparisonOperator = "<",
                Forecast = new AlarmForecastDto { HorizonSeconds = 1800, WindowSeconds = 1800 },
            });
            // Missing data is breaching: a till that stops sending is as bad as a shop that sells nothing. A closed shop
            // sends nothing either, so SetUpAsync mutes this alarm's actions over each shop's closing hours (a recurring
            // mute window): the state still turns ALARM at night, nobody is woken for it.
            yield return (AlarmName("no-sales", shop), common with
            {
                AlarmDescription = $"{shop} sold nothing for 15 minutes while open",
                MetricName = MetricNames.CoffeesSold,
                Statistic = "Sum",
                Period = 300,
                EvaluationPeriods = 3,
                Threshold = 1,
                ComparisonOperator = "<",
                TreatMissingData = "breaching",
            });
        }
    }

    /// <summary>
    /// Creates the topic (a log subscription, and a webhook one when given) and every alarm; safe to run again on the same data.
    /// With <paramref name="catchUp"/> (from, until) the alarms' actions are muted while the simulation replays the morning
    /// faster than real time: alarms judge the present, which has no data until the replay reaches it, so "no sales" would
    /// otherwise notify at every start. Their states still change, and their history says they were muted.
    /// </summary>
    /// <returns>The webhook's signing secret when a webhook subscription was made.</returns>
    public async Task<string?> SetUpAsync(Uri? webhook, (DateTimeOffset From, DateTimeOffset Until)? catchUp, CancellationToken ct)
    {
        try
        {
            await _client.CreateTopicAsync(new CreateTopicRequest { Name = Topic, DisplayName = "Coffee shop alerts (crema demo)" }, ct).ConfigureAwait(false);
        }
        catch (CremaApiException e) when (e.Status == 409)
        {
            // Made by an earlier demo on this data directory.
        }
        var existing = (await _client.ListSubscriptionsAsync(Topic, ct).ConfigureAwait(false)).Subscriptions;
        if (!existing.Any(s => s.Protocol == "log"))
            await _client.SubscribeAsync(Topic, new SubscribeRequest { Protocol = "log", Endpoint = "crema-demo" }, ct).ConfigureAwait(false);
        string? secret = null;
        if (webhook is not null && !existing.Any(s => s.Protocol == "webhook" && s.Endpoint == webhook.ToString()))
            secret = (await _client.SubscribeAsync(Topic, new SubscribeRequest { Protocol = "webhook", Endpoint = webhook.ToString() }, ct).ConfigureAwait(false)).SigningSecret;
        foreach (var (name, request) in Definitions(_namespace, _shops))
            await _client.PutMetricAlarmAsync(name, request, ct).ConfigureAwait(false);
        foreach (var mute in ClosingHours())
            await _client.PutMuteAsync(mute, ct).ConfigureAwait(false);
        if (catchUp is { } c && c.Until > c.From)
            await _client.PutMuteAsync(CatchUpMute(c.From, c.Until), ct).ConfigureAwait(false);
        return secret;
    }

    /// <summary>The one-off mute window over the fast replay (and two minutes after it, while the first real periods close).</summary>
    public static PutMuteRequest CatchUpMute(DateTimeOffset from, DateTimeOffset until) => new()
    {
        Name = "demo-catch-up",
        AlarmNamePatterns = [.. Kinds.Select(k => k + "-*")],
        Reason = string.Create(CultureInfo.InvariantCulture,
            $"crema demo replays the morning faster than real time until {until:HH:mm} UTC; alarms judge the present, which has no data until then"),
        StartTime = from,
        EndTime = until.AddMinutes(2),
    };

    /// <summary>One recurring mute window per shop over its closing hours, for its "no sales" alarm (written in UTC: the simulation runs at a fixed offset).</summary>
    public IEnumerable<PutMuteRequest> ClosingHours()
    {
        foreach (var (shop, opens, closes) in _hours)
        {
            var closedMinutes = (int)((opens.ToTimeSpan() - closes.ToTimeSpan() + TimeSpan.FromDays(1)).TotalMinutes % (24 * 60));
            if (closedMinutes == 0) continue;
            var startUtc = TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(((closes.ToTimeSpan() - _utcOffset).TotalMinutes % (24 * 60) + (24 * 60)) % (24 * 60)));
            yield return new PutMuteRequest
            {
                Name = "closed-" + shop,
                AlarmNamePatterns = [AlarmName("no-sales", shop)],
                Reason = string.Create(CultureInfo.InvariantCulture, $"{shop} is closed (open {opens:HH:mm}–{closes:HH:mm} local time)"),
                Schedule = new MuteScheduleDto
                {
                    DaysOfWeek = ["daily"],
                    StartTime = startUtc.ToString("HH:mm", CultureInfo.InvariantCulture),
                    DurationMinutes = closedMinutes,
                    TimeZone = "UTC",
                },
            };
        }
    }

    /// <summary>Reads every demo alarm's state; returns the changes since the last poll as (alarm, old, new, reason).</summary>
    public async Task<List<(string Alarm, string Old, string New, string Reason)>> PollAsync(CancellationToken ct)
    {
        var changes = new List<(string, string, string, string)>();
        var all = new List<MetricAlarmDto>();
        try
        {
            string? token = null;
            do
            {
                var page = await _client.DescribeAlarmsAsync(nextToken: token, ct: ct).ConfigureAwait(false);
                all.AddRange(page.MetricAlarms);
                token = page.NextToken;
            }
            while (token is not null);
            LastError = null;
        }
        catch (Exception e) when (e is CremaApiException or HttpRequestException)
        {
            LastError = e.Message;
            return changes;
        }
        lock (_gate)
        {
            foreach (var a in all)
            {
                if (!IsDemoAlarm(a.AlarmName)) continue;
                if (_states.TryGetValue(a.AlarmName, out var old) && old != a.StateValue) changes.Add((a.AlarmName, old, a.StateValue, a.StateReason));
                _states[a.AlarmName] = a.StateValue;
            }
        }
        return changes;
    }

    /// <summary>The state of an alarm as last polled, or null.</summary>
    public string? State(string alarm)
    {
        lock (_gate) return _states.GetValueOrDefault(alarm);
    }

    /// <summary>One line for the redirected summary: the alarms in ALARM, or that all are quiet.</summary>
    public string SummaryLine()
    {
        if (LastError is not null) return "alarms: unavailable (" + LastError + ")";
        var firing = new List<string>();
        int ok = 0, insufficient = 0;
        foreach (var shop in _shops)
        {
            foreach (var kind in Kinds)
            {
                switch (State(AlarmName(kind, shop)))
                {
                    case "ALARM": firing.Add(AlarmName(kind, shop)); break;
                    case "OK": ok++; break;
                    default: insufficient++; break;
                }
            }
        }
        return string.Create(CultureInfo.InvariantCulture, $"alarms: {firing.Count} in ALARM{(firing.Count > 0 ? " (" + string.Join(", ", firing) + ")" : "")}, {ok} OK, {insufficient} insufficient data");
    }

    /// <summary>A compact panel: one row per shop, one coloured cell per alarm kind.</summary>
    public IRenderable Panel()
    {
        var t = new Table().Border(TableBorder.Rounded).Title($"[bold]Alarms[/] → topic {Topic}");
        t.AddColumn("Shop");
        foreach (var k in Kinds) t.AddColumn(new TableColumn(k).Centered());
        if (LastError is not null) t.Caption("[red]" + Markup.Escape(LastError) + "[/]");
        foreach (var shop in _shops)
        {
            var cells = new List<string> { Markup.Escape(shop) };
            foreach (var k in Kinds) cells.Add(Colour(State(AlarmName(k, shop))));
            t.AddRow([.. cells]);
        }
        return t;
    }

    /// <summary>The line printed for a state change when the output is redirected.</summary>
    public static string ChangeLine(DateTimeOffset simulated, (string Alarm, string Old, string New, string Reason) c)
        => string.Create(CultureInfo.InvariantCulture, $"alarm {c.Alarm}: {c.Old} -> {c.New} at simulated {simulated.LocalDateTime:HH:mm} ({c.Reason})");

    private bool IsDemoAlarm(string name)
    {
        foreach (var shop in _shops)
            foreach (var k in Kinds)
                if (name == AlarmName(k, shop)) return true;
        return false;
    }

    private static string Colour(string? state) => state switch
    {
        "ALARM" => "[bold white on red] ALARM [/]",
        "OK" => "[green]OK[/]",
        null => "[grey]…[/]",
        _ => "[grey]no data[/]",
    };
}
