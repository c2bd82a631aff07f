using Crema.Server.Tests.TestSupport;
using Crema.Storage.Dashboards;
using Crema.Storage.Metadata;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.Dashboards;

/// <summary>The SQLite dashboard store against a naive in-memory model, over random operations with a fixed seed, and across a reopen.</summary>
public sealed class SqliteDashboardStoreTests : MetadataDatabaseTest
{
    [Fact]
    public async Task Random_puts_renames_duplicates_and_deletes_match_a_naive_model_and_survive_a_reopen()
    {
        var store = SqliteDashboardStore.Open(PathName);
        var model = new Dictionary<string, DashboardRecord>(StringComparer.Ordinal);
        var rng = new Random(20250310);
        var names = Enumerable.Range(0, 8).Select(i => "d" + i).ToArray();
        var t = CremaTestServer.DefaultNow;
        for (var step = 0; step < 300; step++)
        {
            t = t.AddSeconds(rng.Next(1, 100));
            var a = names[rng.Next(names.Length)];
            var b = names[rng.Next(names.Length)];
            var by = "user" + rng.Next(3);
            switch (rng.Next(4))
            {
                case 0:
                    var body = "{\"title\":\"t" + step + "\",\"widgets\":[],\"n\":\"" + new string('é', rng.Next(0, 50)) + "\"}";
                    var size = System.Text.Encoding.UTF8.GetByteCount(body);
                    var created = await store.PutAsync(new DashboardRecord(a, body, "t" + step, step % 7, size, t, t, by));
                    Assert.Equal(!model.ContainsKey(a), created);
                    model[a] = new DashboardRecord(a, body, "t" + step, step % 7, size, model.TryGetValue(a, out var old) ? old.CreatedAt : t, t, by);
                    break;
                case 1:
                    var renamed = await store.RenameAsync(a, b, t, by);
                    Assert.Equal(Expected(a, b), renamed);
                    if (renamed == DashboardCopyOutcome.Done)
                    {
                        model[b] = model[a] with { Name = b, UpdatedAt = t, UpdatedBy = by };
                        model.Remove(a);
                    }

                    break;
                case 2:
                    var copied = await store.DuplicateAsync(a, b, t, by);
                    Assert.Equal(Expected(a, b), copied);
                    if (copied == DashboardCopyOutcome.Done) model[b] = model[a] with { Name = b, CreatedAt = t, UpdatedAt = t, UpdatedBy = by };
                    break;
                default:
                    Assert.Equal(model.Remove(a), await store.DeleteAsync(a));
                    break;
            }
        }

        await AssertSameAsync(store, model);
        await ReopenAsync(t);
        await AssertSameAsync(SqliteDashboardStore.Open(PathName), model);

        DashboardCopyOutcome Expected(string from, string to) =>
            !model.ContainsKey(from) ? DashboardCopyOutcome.NotFound : model.ContainsKey(to) ? DashboardCopyOutcome.NameTaken : DashboardCopyOutcome.Done;
    }

    private static async Task AssertSameAsync(IDashboardStore store, Dictionary<string, DashboardRecord> model)
    {
        var list = await store.ListAsync();
        Assert.Equal(model.Keys.Order(StringComparer.Ordinal), list.Select(l => l.Name));
        foreach (var (name, expected) in model)
        {
            Assert.Equal(expected, await store.GetAsync(name));
            var listed = list.Single(l => l.Name == name);
            Assert.Equal(new DashboardListing(name, expected.Title, expected.WidgetCount, expected.Size, expected.CreatedAt, expected.UpdatedAt, expected.UpdatedBy), listed);
        }

        Assert.Null(await store.GetAsync("absent"));
    }
}
