using System.Diagnostics;
using Crema.Storage.Metadata;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Crema.Storage.Tests.Metadata;

public sealed class SqliteMetricMetadataStoreTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ITestOutputHelper _output;
    private SqliteMetadataDatabase _db = null!;

    public SqliteMetricMetadataStoreTests(ITestOutputHelper output) => _output = output;

    private string DbPath => _dir.File("metadata.db");

    private IMetricMetadataStore Store => _db.MetricMetadata;

    public async Task InitializeAsync() => _db = await SqliteMetadataDatabase.OpenAsync(DbPath, _time);

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Upsert_then_get_returns_the_fields_stamped_with_the_clock()
    {
        var ignoredTime = new DateTimeOffset(1999, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await Store.UpsertAsync([new("prometheus", "http_requests_total", null, "counter", "Requests served.", ignoredTime)]);

        var got = await Store.GetAsync("prometheus", "http_requests_total");

        Assert.Equal(new MetricMetadata("prometheus", "http_requests_total", null, "counter", "Requests served.", _time.GetUtcNow()), got);
        Assert.Null(await Store.GetAsync("prometheus", "http_requests"));
        Assert.Null(await Store.GetAsync("Prometheus", "http_requests_total"));
    }

    [Fact]
    public async Task Null_fields_keep_previous_values_and_updated_at_moves_only_on_change()
    {
        var t0 = _time.GetUtcNow();
        await Store.UpsertAsync([new("AWS/EC2", "CPUUtilization", "Percent", null, "CPU", default)]);

        _time.Advance(TimeSpan.FromMinutes(1));
        var t1 = _time.GetUtcNow();
        await Store.UpsertAsync([new("AWS/EC2", "CPUUtilization", null, "gauge", null, default)]);
        Assert.Equal(new MetricMetadata("AWS/EC2", "CPUUtilization", "Percent", "gauge", "CPU", t1), await Store.GetAsync("AWS/EC2", "CPUUtilization"));

        _time.Advance(TimeSpan.FromMinutes(1));
        await Store.UpsertAsync([new("AWS/EC2", "CPUUtilization", "Percent", null, null, default)]);
        await Store.UpsertAsync([new("AWS/EC2", "CPUUtilization", null, null, null, default)]);
        Assert.Equal(new MetricMetadata("AWS/EC2", "CPUUtilization", "Percent", "gauge", "CPU", t1), await Store.GetAsync("AWS/EC2", "CPUUtilization"));

        _time.Advance(TimeSpan.FromMinutes(1));
        var t3 = _time.GetUtcNow();
        await Store.UpsertAsync([new("AWS/EC2", "CPUUtilization", null, null, "CPU in use", default)]);
        Assert.Equal(new MetricMetadata("AWS/EC2", "CPUUtilization", "Percent", "gauge", "CPU in use", t3), await Store.GetAsync("AWS/EC2", "CPUUtilization"));
        Assert.NotEqual(t0, t3);
    }

    [Fact]
    public async Task List_filters_by_namespace_and_orders_ordinally()
    {
        await Store.UpsertAsync(
        [
            new("b", "zeta", "Count", null, null, default),
            new("a", "beta", null, null, null, default),
            new("b", "Alpha", null, null, null, default),
            new("a", "alpha", null, null, null, default),
            new("B", "x", null, null, null, default),
        ]);

        Assert.Equal(["B/x", "a/alpha", "a/beta", "b/Alpha", "b/zeta"], (await Store.ListAsync(null)).Select(m => m.Namespace + "/" + m.MetricName));
        Assert.Equal(["Alpha", "zeta"], (await Store.ListAsync("b")).Select(m => m.MetricName));
        Assert.Empty(await Store.ListAsync("c"));
    }

    [Fact]
    public async Task Later_items_in_a_batch_win_over_earlier_ones()
    {
        await Store.UpsertAsync(
        [
            new("ns", "m", "Bytes", "gauge", "first", default),
            new("ns", "m", "Seconds", null, null, default),
            new("ns", "m", null, null, "third", default),
        ]);

        Assert.Equal(new MetricMetadata("ns", "m", "Seconds", "gauge", "third", _time.GetUtcNow()), await Store.GetAsync("ns", "m"));
    }

    [Fact]
    public async Task A_batch_that_fails_part_way_writes_nothing()
    {
        using (var raw = TempDirectory.OpenRaw(DbPath))
        using (var command = raw.CreateCommand())
        {
            command.CommandText = "CREATE TRIGGER poison BEFORE INSERT ON metric_metadata WHEN NEW.metric_name = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned'); END;";
            command.ExecuteNonQuery();
        }

        await Assert.ThrowsAsync<SqliteException>(() => Store.UpsertAsync(
        [
            new("ns", "good", "Count", null, null, default),
            new("ns", "poison", "Count", null, null, default),
        ]));

        Assert.Empty(await Store.ListAsync(null));
        await Store.UpsertAsync([new("ns", "good", "Count", null, null, default)]);
        Assert.Single(await Store.ListAsync(null));
    }

    [Theory]
    [InlineData("", "m", "items[1].Namespace")]
    [InlineData("ns", "", "items[1].MetricName")]
    public async Task Rejects_empty_keys_naming_the_field_and_writes_nothing(string ns, string name, string field)
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Store.UpsertAsync(
        [
            new("ok", "ok", null, null, null, default),
            new(ns, name, null, null, null, default),
        ]));

        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
        Assert.Empty(await Store.ListAsync(null));
    }

    [Fact]
    public async Task Random_batches_match_a_naive_model()
    {
        var random = new Random(20250301);
        string?[] units = [null, null, "Count", "Seconds", "Bytes", ""];
        string?[] types = [null, null, "counter", "gauge", "histogram", "summary"];
        string?[] helps = [null, null, "h1", "h2", "ünïcødé ✓", "with 'quotes'"];
        var model = new Dictionary<(string, string), MetricMetadata>();

        for (var batch = 0; batch < 150; batch++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(random.Next(1, 5000)));
            var now = DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());
            var items = new List<MetricMetadata>();
            var count = random.Next(0, 8);
            for (var i = 0; i < count; i++)
            {
                items.Add(new MetricMetadata(
                    "ns" + random.Next(3),
                    "m" + random.Next(6),
                    units[random.Next(units.Length)],
                    types[random.Next(types.Length)],
                    helps[random.Next(helps.Length)],
                    default));
            }

            await Store.UpsertAsync(items);

            foreach (var item in items)
            {
                var key = (item.Namespace, item.MetricName);
                if (!model.TryGetValue(key, out var old))
                {
                    model[key] = item with { UpdatedAt = now };
                    continue;
                }

                var merged = new MetricMetadata(item.Namespace, item.MetricName, item.Unit ?? old.Unit, item.Type ?? old.Type, item.Help ?? old.Help, old.UpdatedAt);
                if (merged != old)
                {
                    model[key] = merged with { UpdatedAt = now };
                }
            }

            if (batch % 10 == 9)
            {
                var expected = model.Values
                    .OrderBy(m => m.Namespace, StringComparer.Ordinal)
                    .ThenBy(m => m.MetricName, StringComparer.Ordinal)
                    .ToList();
                Assert.Equal(expected, await Store.ListAsync(null));
                Assert.Equal(expected.Where(m => m.Namespace == "ns1"), await Store.ListAsync("ns1"));
            }
        }

        foreach (var (key, expected) in model)
        {
            Assert.Equal(expected, await Store.GetAsync(key.Item1, key.Item2));
        }
    }

    [Fact]
    public async Task Eight_concurrent_upserters_with_readers_all_succeed_and_keep_the_last_values()
    {
        const int Writers = 8;
        const int Batches = 60;
        using var stop = new CancellationTokenSource();
        var stopwatch = Stopwatch.StartNew();

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var b = 0; b < Batches; b++)
            {
                var items = new List<MetricMetadata>();
                for (var k = 0; k < 5; k++)
                {
                    // Own keys: the final value is known. Shared keys: every writer contends for the same rows.
                    items.Add(new MetricMetadata("own", $"w{w}_m{k}", "Count", null, $"batch {b}", default));
                    items.Add(new MetricMetadata("shared", $"m{k}", null, w % 2 == 0 ? "counter" : "gauge", $"w{w} b{b}", default));
                }

                await Store.UpsertAsync(items);
            }
        })).ToArray();

        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            var reads = 0;
            while (!stop.IsCancellationRequested)
            {
                var list = await Store.ListAsync("own");
                Assert.All(list, m => Assert.Equal("Count", m.Unit));
                reads++;
            }

            return reads;
        })).ToArray();

        await Task.WhenAll(writers);
        var elapsed = stopwatch.Elapsed;
        await stop.CancelAsync();
        var reads = (await Task.WhenAll(readers)).Sum();

        var own = await Store.ListAsync("own");
        Assert.Equal(Writers * 5, own.Count);
        Assert.All(own, m => Assert.Equal($"batch {Batches - 1}", m.Help));
        var shared = await Store.ListAsync("shared");
        Assert.Equal(5, shared.Count);
        Assert.All(shared, m => Assert.Matches($"^w[0-7] b{Batches - 1}$", m.Help!));
        _output.WriteLine($"{Writers * Batches} upsert transactions of 10 rows in {elapsed.TotalMilliseconds:F0} ms " +
            $"({Writers * Batches / elapsed.TotalSeconds:F0} tx/s); {reads} concurrent lists");
    }

    [Fact]
    public async Task Two_databases_on_one_file_write_concurrently_without_busy_errors()
    {
        // A second instance has its own write gate, like a second process (CLI, tooling): only
        // SQLite's file lock and busy_timeout keep its writers apart from ours.
        await using var other = await SqliteMetadataDatabase.OpenAsync(DbPath, _time);
        IMetricMetadataStore[] stores = [Store, other.MetricMetadata];

        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var b = 0; b < 25; b++)
            {
                await stores[w % 2].UpsertAsync([new MetricMetadata("x", $"w{w}", null, null, $"b{b}", default), new MetricMetadata("x", "shared", null, null, $"w{w}", default)]);
            }
        })).ToArray();
        await Task.WhenAll(writers);

        var all = await other.MetricMetadata.ListAsync("x");
        Assert.Equal(9, all.Count);
        Assert.All(all.Where(m => m.MetricName != "shared"), m => Assert.Equal("b24", m.Help));
    }
}
