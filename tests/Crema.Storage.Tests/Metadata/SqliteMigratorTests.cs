using Crema.Storage.Metadata;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Storage.Tests.Metadata;

public sealed class SqliteMigratorTests : IDisposable
{
    private static readonly Migration V1 = new(1, "create_a", "CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT);");
    private static readonly Migration V2 = new(2, "create_b", "CREATE TABLE b (id INTEGER PRIMARY KEY); INSERT INTO b VALUES (7);");
    private static readonly Migration V3 = new(3, "add_a_y", "ALTER TABLE a ADD COLUMN y INTEGER;");

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Applies_migrations_in_order_and_records_version_name_checksum_and_time()
    {
        using var connection = TempDirectory.OpenRaw(_dir.File("m.db"));

        var version = SqliteMigrator.Migrate(connection, [V1, V2, V3], _time);

        Assert.Equal(3, version);
        var rows = SqlProbe.History(connection);
        Assert.Equal(3, rows.Count);
        var expected = new[] { V1, V2, V3 };
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal((expected[i].Version, expected[i].Name, expected[i].Checksum, _time.GetUtcNow().ToUnixTimeMilliseconds()), rows[i]);
        }

        Assert.Equal(7L, SqlProbe.Scalar(connection, "SELECT id FROM b;"));
        Assert.Equal(0L, SqlProbe.Scalar(connection, "SELECT count(*) FROM a WHERE y IS NOT NULL;"));
    }

    [Fact]
    public void Applies_only_new_migrations_when_the_program_knows_more()
    {
        using var connection = TempDirectory.OpenRaw(_dir.File("m.db"));
        SqliteMigrator.Migrate(connection, [V1], _time);
        var firstAppliedAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(3, SqliteMigrator.Migrate(connection, [V1, V2, V3], _time));
        Assert.Equal(3, SqliteMigrator.Migrate(connection, [V1, V2, V3], _time));

        var rows = SqlProbe.History(connection);
        Assert.Equal([1, 2, 3], rows.Select(r => r.Version));
        Assert.Equal(firstAppliedAt, rows[0].AppliedAt);
        Assert.Equal(firstAppliedAt + 3_600_000, rows[1].AppliedAt);
        Assert.Equal(1L, SqlProbe.Scalar(connection, "SELECT count(*) FROM b;"));
    }

    [Fact]
    public void Refuses_a_database_with_a_version_the_program_does_not_know()
    {
        using var connection = TempDirectory.OpenRaw(_dir.File("m.db"));
        SqliteMigrator.Migrate(connection, [V1, V2, V3], _time);

        var ex = Assert.Throws<SchemaMigrationException>(() => SqliteMigrator.Migrate(connection, [V1, V2], _time));

        Assert.Contains("schema version 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("knows versions up to 2", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, SqlProbe.History(connection).Count);
    }

    [Fact]
    public void Refuses_an_applied_migration_whose_sql_changed()
    {
        using var connection = TempDirectory.OpenRaw(_dir.File("m.db"));
        SqliteMigrator.Migrate(connection, [V1, V2], _time);
        var edited = V2 with { Sql = V2.Sql.Replace("7", "8", StringComparison.Ordinal) };

        var ex = Assert.Throws<SchemaMigrationException>(() => SqliteMigrator.Migrate(connection, [V1, edited, V3], _time));

        Assert.Contains("Migration 2 (create_b)", ex.Message, StringComparison.Ordinal);
        Assert.Contains(V2.Checksum, ex.Message, StringComparison.Ordinal);
        Assert.Contains(edited.Checksum, ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, SqlProbe.History(connection).Count);
    }

    [Fact]
    public void Refuses_to_apply_a_migration_older_than_the_applied_version()
    {
        using var connection = TempDirectory.OpenRaw(_dir.File("m.db"));
        SqliteMigrator.Migrate(connection, [V1, V3], _time);

        var ex = Assert.Throws<SchemaMigrationException>(() => SqliteMigrator.Migrate(connection, [V1, V2, V3], _time));

        Assert.Contains("Migration(s) 2 are not applied", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_migration_is_rolled_back_and_earlier_ones_stay_applied()
    {
        using var connection = TempDirectory.OpenRaw(_dir.File("m.db"));
        var broken = new Migration(2, "broken", "CREATE TABLE c (id INTEGER); INSERT INTO no_such_table VALUES (1);");

        var ex = Assert.Throws<SchemaMigrationException>(() => SqliteMigrator.Migrate(connection, [V1, broken], _time));

        Assert.Contains("Migration 2 (broken) failed", ex.Message, StringComparison.Ordinal);
        Assert.IsType<SqliteException>(ex.InnerException);
        Assert.Equal([1], SqlProbe.History(connection).Select(r => r.Version));
        Assert.Equal(0L, SqlProbe.Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE name = 'c';"));
        Assert.Equal(1L, SqlProbe.Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE name = 'a';"));
    }

    [Theory]
    [InlineData(new[] { 1, 1 })]
    [InlineData(new[] { 2, 1 })]
    [InlineData(new[] { 0, 1 })]
    public void Rejects_versions_that_are_not_positive_and_strictly_increasing(int[] versions)
    {
        using var connection = TempDirectory.OpenRaw(_dir.File("m.db"));
        var list = versions.Select(v => new Migration(v, "m" + v, "SELECT 1;")).ToList();

        var ex = Assert.Throws<ArgumentException>(() => SqliteMigrator.Migrate(connection, list, _time));

        Assert.Contains("strictly increasing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_list_on_empty_database_is_version_zero()
    {
        using var connection = TempDirectory.OpenRaw(_dir.File("m.db"));

        Assert.Equal(0, SqliteMigrator.Migrate(connection, [], _time));
        Assert.Empty(SqlProbe.History(connection));
    }

    [Fact]
    public void Checksum_is_sha256_of_the_sql_with_line_endings_normalised()
    {
        // FIPS 180-2 test vector for "abc".
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Migration.ComputeChecksum("abc"));
        Assert.Equal(Migration.ComputeChecksum("a\nb\n"), Migration.ComputeChecksum("a\r\nb\r\n"));
        Assert.NotEqual(Migration.ComputeChecksum("a\nb"), Migration.ComputeChecksum("a\nb "));
    }
}
