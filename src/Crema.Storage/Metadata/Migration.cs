using System.Security.Cryptography;
using System.Text;

namespace Crema.Storage.Metadata;

/// <summary>One versioned schema change: SQL applied once, in version order, and never edited after release.</summary>
/// <param name="Version">Positive, strictly increasing across a migration list.</param>
/// <param name="Name">Short snake_case description, recorded next to the version.</param>
/// <param name="Sql">One or more SQL statements applied in a single transaction.</param>
public sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>Lower-case hex SHA-256 of <see cref="Sql"/> with line endings normalised to LF.</summary>
    public string Checksum => ComputeChecksum(Sql);

    /// <summary>Checksum of a migration's SQL as recorded in <c>schema_migrations.checksum</c>.</summary>
    public static string ComputeChecksum(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        // A checkout with CRLF line endings must not look like an edited migration.
        var normalized = sql.Replace("\r\n", "\n", StringComparison.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(normalized)));
    }
}
