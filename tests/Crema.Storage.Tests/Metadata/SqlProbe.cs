using Microsoft.Data.Sqlite;

namespace Crema.Storage.Tests.Metadata;

/// <summary>Direct SQL reads the metadata tests use to look behind the store's interfaces.</summary>
internal static class SqlProbe
{
    /// <summary>The rows of schema_migrations, by version.</summary>
    public static List<(int Version, string Name, string Checksum, long AppliedAt)> History(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version;";
        using var reader = command.ExecuteReader();
        var rows = new List<(int, string, string, long)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
        }

        return rows;
    }

    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
