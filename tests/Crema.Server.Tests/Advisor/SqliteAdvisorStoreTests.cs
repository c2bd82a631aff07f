using Crema.Server.Tests.TestSupport;
using Crema.Storage.Advisor;
using Crema.Storage.Metadata;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.Advisor;

/// <summary>The SQLite advisor store: random results against a naive model of "the last N per check", resources and exclusions upserted.</summary>
public sealed class SqliteAdvisorStoreTests : MetadataDatabaseTest
{
    [Fact]
    public async Task Random_results_keep_the_last_n_per_check_newest_first_and_latest_is_the_newest_of_each()
    {
        const int keep = 5;
        var store = SqliteAdvisorStore.Open(PathName);
        var rng = new Random(20261126);
        var checks = new[] { "a", "b", "c" };
        var model = checks.ToDictionary(c => c, _ => new List<(string Status, string Summary)>());
        var at = CremaTestServer.DefaultNow;
        for (var i = 0; i < 60; i++)
        {
            var check = checks[rng.Next(checks.Length)];
            var status = new[] { "Green", "Yellow", "Red" }[rng.Next(3)];
            at = at.AddMinutes(1);
            await store.AddResultAsync(new AdvisorResultRecord(0, check, status, "run " + i, "[]", at), keep);
            model[check].Insert(0, (status, "run " + i));
        }

        foreach (var c in checks)
        {
            var history = await store.HistoryAsync(c, 100);
            Assert.Equal(model[c].Take(keep), history.Select(h => (h.Status, h.Summary)));
        }

        var latest = await store.LatestResultsAsync();
        Assert.Equal(checks, latest.Select(l => l.CheckId));
        Assert.All(latest, l => Assert.Equal(model[l.CheckId][0].Summary, l.Summary));
    }

    [Fact]
    public async Task Resources_and_exclusions_are_created_then_replaced_keeping_their_creation_time_and_deleted()
    {
        var store = SqliteAdvisorStore.Open(PathName);
        var t0 = CremaTestServer.DefaultNow;
        var r = new AdvisorResourceRecord("m1", "espresso machine", 123.45m, "month", "EUR", "Shop", "Shots", """{"Shop":"a"}""", 120, t0, t0);
        Assert.True(await store.PutResourceAsync(r));
        Assert.False(await store.PutResourceAsync(r with { Cost = 0.1m, CostPeriod = "hour", CreatedAt = t0.AddDays(1), UpdatedAt = t0.AddDays(1) }));
        var got = Assert.Single(await store.ListResourcesAsync());
        Assert.Equal((0.1m, "hour", t0, t0.AddDays(1), """{"Shop":"a"}"""), (got.Cost, got.CostPeriod, got.CreatedAt, got.UpdatedAt, got.DimensionsJson));
        Assert.True(await store.DeleteResourceAsync("m1"));
        Assert.False(await store.DeleteResourceAsync("m1"));

        Assert.True(await store.PutExclusionAsync(new("check", "item/1", "first", "root", t0)));
        Assert.False(await store.PutExclusionAsync(new("check", "item/1", "second", "ops", t0.AddHours(1))));
        Assert.Equal(("second", "ops"), (Assert.Single(await store.ListExclusionsAsync()).Reason, (await store.ListExclusionsAsync())[0].CreatedBy));
        Assert.True(await store.DeleteExclusionAsync("check", "item/1"));
        Assert.Empty(await store.ListExclusionsAsync());
    }
}
