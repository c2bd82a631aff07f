using Crema.Client.Contracts;
using Crema.Server.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace Crema.Server.Tests.Cli;

/// <summary>`crema audit verify --data DIR`: a stopped server's trail is checked from its files alone, and an edited event is named.</summary>
public sealed class AuditOfflineVerifyTests : IDisposable
{
    private readonly string _dir = CremaTestServer.NewTempDirectory();

    public void Dispose() => CremaTestServer.DeleteDirectory(_dir);

    private Task<CliResult> VerifyOffline(params string[] extra) => CremaCli.RunAsync(["audit", "verify", "--data", _dir, .. extra]);

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_dir, "audit.db"), Pooling = false }.ToString());
        c.Open();
        return c;
    }

    [Fact]
    public async Task Offline_verify_is_ok_on_an_untouched_trail_and_names_an_edited_event_by_its_sequence()
    {
        await using (var server = await CremaTestServer.StartAsync(_dir))
        {
            await server.Client.CreateUserAsync(new CreateUserRequest { UserName = "cli-offline-ivan" });
            await server.Client.CreateUserAsync(new CreateUserRequest { UserName = "cli-offline-jane" });
        }

        var ok = await VerifyOffline();
        Assert.True(ok.ExitCode == 0, ok.All);
        Assert.Matches(@"OK: \d+ events and \d+ digests verified \(\d+ events not yet in a digest\)", ok.Stdout);
        Assert.Contains("audit-public-key.pem", ok.Unwrapped, StringComparison.Ordinal);

        // Verifying read nothing into the file: it is byte-for-byte the same.
        var before = await File.ReadAllBytesAsync(Path.Combine(_dir, "audit.db"));
        Assert.Equal(0, (await VerifyOffline()).ExitCode);
        Assert.Equal(before, await File.ReadAllBytesAsync(Path.Combine(_dir, "audit.db")));

        long seq;
        using (var c = Open())
        {
            using var find = c.CreateCommand();
            find.CommandText = "SELECT seq FROM audit_events WHERE event_name = 'CreateUser' AND body LIKE '%cli-offline-jane%';";
            seq = (long)find.ExecuteScalar()!;
            using var edit = c.CreateCommand();
            edit.CommandText = "UPDATE audit_events SET body = replace(body, 'CreateUser', 'DeleteUser') WHERE seq = $seq;";
            edit.Parameters.AddWithValue("$seq", seq);
            Assert.Equal(1, edit.ExecuteNonQuery());
        }

        var bad = await VerifyOffline();
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("NOT OK", bad.Stdout, StringComparison.Ordinal);
        Assert.Contains($"FIRST PROBLEM EventAltered event {seq}", bad.Unwrapped, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offline_verify_without_a_database_says_so()
    {
        var r = await VerifyOffline();
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("audit.db does not exist", r.Unwrapped, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exported_digest_copies_reveal_a_digest_deleted_from_the_database()
    {
        var copies = Path.Combine(_dir, "digest-copies");
        await using (var server = await CremaTestServer.StartAsync(_dir, null, "--Audit:DigestExportDirectory", copies))
        {
            await server.Client.CreateUserAsync(new CreateUserRequest { UserName = "cli-offline-lena" });
            await server.Client.CreateAuditDigestAsync();
            await server.Client.CreateUserAsync(new CreateUserRequest { UserName = "cli-offline-mia" });
        }

        Assert.NotEmpty(Directory.GetFiles(copies, "digest-*.json"));
        var ok = await VerifyOffline("--digests", copies);
        Assert.True(ok.ExitCode == 0, ok.All);
        Assert.Contains("exported digest cop", ok.Stdout, StringComparison.Ordinal);

        using (var c = Open())
        {
            using var delete = c.CreateCommand();
            delete.CommandText = "DELETE FROM audit_digests WHERE digest_seq = (SELECT max(digest_seq) FROM audit_digests);";
            Assert.Equal(1, delete.ExecuteNonQuery());
        }

        var bad = await VerifyOffline("--digests", copies);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("DigestRemoved", bad.Unwrapped, StringComparison.Ordinal);
    }
}
