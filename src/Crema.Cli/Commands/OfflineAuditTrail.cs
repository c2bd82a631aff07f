using Crema.Core.Audit;
using Microsoft.Data.Sqlite;

namespace Crema.Cli.Commands;

/// <summary>
/// Reads a stopped server's audit.db without changing it (Mode=ReadOnly; the store's own OpenAsync would migrate
/// and switch the journal mode, i.e. write).
/// </summary>
internal static class OfflineAuditTrail
{
    /// <summary>Every stored row in sequence order and every digest in digest order.</summary>
    public static async Task<(List<StoredAuditEvent> Events, List<AuditDigest> Digests)> ReadAsync(string databasePath, CancellationToken ct)
    {
        if (!File.Exists(databasePath)) throw new FileNotFoundException($"{databasePath} does not exist (is --data a Crema data directory?)", databasePath);
        var cs = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        var connection = new SqliteConnection(cs);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            var events = new List<StoredAuditEvent>();
            using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = "SELECT seq, body, hash, prev_hash, event_id, time_ms, event_name, user_name, read_only, error_code FROM audit_events ORDER BY seq;";
                var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        events.Add(new StoredAuditEvent(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                            reader.GetInt64(5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetInt64(8) != 0,
                            reader.IsDBNull(9) ? null : reader.GetString(9)));
                    }
                }
            }

            var digests = new List<AuditDigest>();
            using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = "SELECT body FROM audit_digests ORDER BY digest_seq;";
                var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(ct).ConfigureAwait(false)) digests.Add(AuditDigests.Parse(reader.GetString(0)));
                }
            }

            return (events, digests);
        }
    }

    /// <summary>Exported digest copies (digest-*.json) from a directory, in digest order.</summary>
    public static List<AuditDigest> ReadCopies(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"--digests {directory} does not exist");
        var copies = new List<AuditDigest>();
        foreach (var file in Directory.GetFiles(directory, "digest-*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                copies.Add(AuditDigests.Parse(File.ReadAllText(file)));
            }
            catch (FormatException ex)
            {
                throw new FormatException($"{Path.GetFileName(file)}: {ex.Message}", ex);
            }
        }

        copies.Sort((a, b) => a.DigestSequence.CompareTo(b.DigestSequence));
        return copies;
    }
}
