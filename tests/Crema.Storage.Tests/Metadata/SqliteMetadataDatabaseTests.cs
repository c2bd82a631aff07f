using Crema.Storage.Metadata;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Storage.Tests.Metadata;

public sealed class SqliteMetadataDatabaseTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private string DbPath => _dir.File(Path.Combine("data", "metadata.db"));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Fresh_database_is_created_with_its_directory_and_migrated_to_the_latest_version()
    {
        await using (var db = await SqliteMetadataDatabase.OpenAsync(DbPath, _time))
        {
            Assert.Equal(MetadataMigrations.LatestVersion, db.SchemaVersion);
        }

        using var raw = TempDirectory.OpenRaw(DbPath);
        var history = SqlProbe.History(raw);
        Assert.Equal(MetadataMigrations.All.Count, history.Count);
        for (var i = 0; i < history.Count; i++)
        {
            var m = MetadataMigrations.All[i];
            Assert.Equal((m.Version, m.Name, m.Checksum, _time.GetUtcNow().ToUnixTimeMilliseconds()), history[i]);
        }

        Assert.Equal("wal", SqlProbe.Scalar(raw, "PRAGMA journal_mode;"));
        Assert.Equal(1L, SqlProbe.Scalar(raw, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'metric_metadata';"));
        Assert.Equal(1L, SqlProbe.Scalar(raw, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'server_settings';"));
    }

    [Fact]
    public async Task Reopening_applies_nothing_and_keeps_the_history()
    {
        await (await SqliteMetadataDatabase.OpenAsync(DbPath, _time)).DisposeAsync();
        var before = ReadHistory();
        _time.Advance(TimeSpan.FromDays(1));

        for (var i = 0; i < 3; i++)
        {
            await using var db = await SqliteMetadataDatabase.OpenAsync(DbPath, _time);
            Assert.Equal(MetadataMigrations.LatestVersion, db.SchemaVersion);
        }

        Assert.Equal(before, ReadHistory());
    }

    [Fact]
    public async Task Refuses_a_database_written_by_a_newer_crema_naming_both_versions()
    {
        await (await SqliteMetadataDatabase.OpenAsync(DbPath, _time)).DisposeAsync();
        var future = MetadataMigrations.LatestVersion + 1;
        using (var raw = TempDirectory.OpenRaw(DbPath))
        {
            SqliteMigrator.Migrate(raw, [.. MetadataMigrations.All, new Migration(future, "from_the_future", "CREATE TABLE later (x INTEGER);")], _time);
        }

        var ex = await Assert.ThrowsAsync<SchemaMigrationException>(() => SqliteMetadataDatabase.OpenAsync(DbPath, _time));

        Assert.Contains($"schema version {future}", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"knows versions up to {MetadataMigrations.LatestVersion}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_database_whose_applied_migration_checksum_differs()
    {
        await (await SqliteMetadataDatabase.OpenAsync(DbPath, _time)).DisposeAsync();
        using (var raw = TempDirectory.OpenRaw(DbPath))
        {
            SqlProbe.Scalar(raw, "UPDATE schema_migrations SET checksum = 'deadbeef' WHERE version = 1;");
        }

        var ex = await Assert.ThrowsAsync<SchemaMigrationException>(() => SqliteMetadataDatabase.OpenAsync(DbPath, _time));

        Assert.Contains("Migration 1 ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("deadbeef", ex.Message, StringComparison.Ordinal);
        Assert.Contains(MetadataMigrations.All[0].Checksum, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connections_use_full_sync_foreign_keys_and_a_busy_timeout()
    {
        await using var db = await SqliteMetadataDatabase.OpenAsync(DbPath, _time);
        var factory = new SqliteConnectionFactory(DbPath);

        // Twice: the second connection comes from the pool and must still carry the settings.
        for (var i = 0; i < 2; i++)
        {
            await using var connection = await factory.OpenAsync(CancellationToken.None);
            Assert.Equal("wal", SqlProbe.Scalar(connection, "PRAGMA journal_mode;"));
            Assert.Equal(2L, SqlProbe.Scalar(connection, "PRAGMA synchronous;"));
            Assert.Equal(1L, SqlProbe.Scalar(connection, "PRAGMA foreign_keys;"));
            Assert.Equal((long)SqliteConnectionFactory.BusyTimeoutMilliseconds, SqlProbe.Scalar(connection, "PRAGMA busy_timeout;"));
        }

        factory.Close();
    }

    [Fact]
    public async Task Data_survives_close_and_reopen()
    {
        var written = new MetricMetadata("AWS/EC2", "CPUUtilization", "Percent", "gauge", "CPU in use", default);
        await using (var db = await SqliteMetadataDatabase.OpenAsync(DbPath, _time))
        {
            await db.MetricMetadata.UpsertAsync([written]);
            await db.Settings.SetAsync("first_start", "2025-03-01");
        }

        Assert.False(File.Exists(DbPath + "-wal"), "the WAL should be checkpointed and removed once every connection closed");

        await using (var db = await SqliteMetadataDatabase.OpenAsync(DbPath, _time))
        {
            Assert.Equal(written with { UpdatedAt = _time.GetUtcNow() }, await db.MetricMetadata.GetAsync("AWS/EC2", "CPUUtilization"));
            Assert.Equal("2025-03-01", await db.Settings.GetAsync("first_start"));
        }
    }

    [Fact]
    public async Task Operations_after_dispose_throw_ObjectDisposedException()
    {
        var db = await SqliteMetadataDatabase.OpenAsync(DbPath, _time);
        await db.DisposeAsync();
        await db.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => db.MetricMetadata.GetAsync("n", "m"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => db.Settings.SetAsync("k", "v"));
    }

    private List<(int, string, string, long)> ReadHistory()
    {
        using var raw = TempDirectory.OpenRaw(DbPath);
        return SqlProbe.History(raw);
    }
}
