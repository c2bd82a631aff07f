using Microsoft.Data.Sqlite;

namespace Crema.Storage.Tests.Metadata;

public sealed class SqliteNativeLibraryTests
{
    [Fact]
    public void Bundled_native_sqlite_loads_is_threadsafe_and_supports_strict_tables()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version();";
        var version = Version.Parse((string)command.ExecuteScalar()!);

        // STRICT tables (used by the schema) arrived in SQLite 3.37; UPSERT with ON CONFLICT in 3.24.
        Assert.True(version >= new Version(3, 37), $"SQLite {version} is older than 3.37");
        Assert.NotEqual(0, SQLitePCL.raw.sqlite3_threadsafe());
        Assert.Equal(SQLitePCL.raw.sqlite3_libversion().utf8_to_string(), version.ToString());

        command.CommandText = "CREATE TABLE t (x INTEGER) STRICT; INSERT INTO t VALUES ('not a number');";
        var ex = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());
        Assert.Contains("cannot store TEXT value in INTEGER column", ex.Message, StringComparison.Ordinal);
    }
}
