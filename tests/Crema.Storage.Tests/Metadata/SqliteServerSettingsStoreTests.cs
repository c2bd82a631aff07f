using Crema.Storage.Metadata;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Storage.Tests.Metadata;

public sealed class SqliteServerSettingsStoreTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private SqliteMetadataDatabase _db = null!;

    private IServerSettingsStore Settings => _db.Settings;

    public async Task InitializeAsync() => _db = await SqliteMetadataDatabase.OpenAsync(_dir.File("metadata.db"), _time);

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Set_then_get_returns_the_latest_value_per_key()
    {
        Assert.Null(await Settings.GetAsync("instance_id"));

        await Settings.SetAsync("instance_id", "abc");
        await Settings.SetAsync("other", "");
        await Settings.SetAsync("instance_id", "def");

        Assert.Equal("def", await Settings.GetAsync("instance_id"));
        Assert.Equal("", await Settings.GetAsync("other"));
        Assert.Null(await Settings.GetAsync("Instance_id"));
    }

    [Fact]
    public async Task TryAdd_stores_only_when_absent()
    {
        Assert.True(await Settings.TryAddAsync("first_start", "t1"));
        Assert.False(await Settings.TryAddAsync("first_start", "t2"));
        Assert.Equal("t1", await Settings.GetAsync("first_start"));
    }

    [Fact]
    public async Task Concurrent_TryAdd_has_exactly_one_winner()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => Settings.TryAddAsync("first_start", "v" + i))));

        Assert.Equal(1, results.Count(r => r));
        var winner = Array.IndexOf(results, true);
        Assert.Equal("v" + winner, await Settings.GetAsync("first_start"));
    }

    [Fact]
    public async Task Rejects_an_empty_key()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Settings.SetAsync("", "v"));
        Assert.Equal("key", ex.ParamName);
    }
}
