using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Crema.Storage.Metadata;

/// <summary>Commands with positional parameters ($p0, $p1, …), shared by the metadata stores.</summary>
internal static class SqlCommands
{
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, object?[] args)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < args.Length; i++)
        {
            command.Parameters.AddWithValue("$p" + i.ToString(CultureInfo.InvariantCulture), args[i] ?? DBNull.Value);
        }

        return command;
    }

    public static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, object?[] args)
    {
        using var command = Command(connection, transaction, sql, args);
        return command.ExecuteNonQuery();
    }

    public static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql, object?[] args)
    {
        using var command = Command(connection, transaction, sql, args);
        return command.ExecuteScalar();
    }

    /// <summary>Reads every row of a query on a pooled connection of its own.</summary>
    public static async Task<IReadOnlyList<T>> QueryAsync<T>(SqliteConnectionFactory connections, string sql, object?[] args, Func<SqliteDataReader, T> read, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        using var command = Command(connection, null, sql, args);
        using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<T>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) list.Add(read(reader));
        return list;
    }

    /// <summary>The first column of the first row, on a pooled connection of its own.</summary>
    public static async Task<object?> ScalarAsync(SqliteConnectionFactory connections, string sql, object?[] args, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        using var command = Command(connection, null, sql, args);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }
}
