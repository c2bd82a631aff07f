using System.Net.Http.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Core.Audit;
using Crema.Server.Audit;
using Crema.Server.Tests.Security;
using Crema.Server.Tests.TestSupport;
using Crema.Storage.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.Audit;

/// <summary>A trail written by a real server, with two digests in the middle and one at shutdown.</summary>
public sealed class TamperedTrail : IAsyncLifetime
{
    public string Directory { get; } = CremaTestServer.NewTempDirectory();

    public async Task InitializeAsync()
    {
        await using var server = await CremaTestServer.StartAsync(Directory, new FakeTimeProvider(CremaTestServer.DefaultNow));
        for (var i = 0; i < 12; i++) await SecurityFixture.CreateUserAsync(server, $"u{i}", "viewer");
        await server.Http.PostAsync("api/v1/audit/digests", null);
        for (var i = 0; i < 6; i++) await server.Http.DeleteAsync($"api/v1/users/u{i}");
        await server.Http.PostAsync("api/v1/audit/digests", null);
        for (var i = 12; i < 15; i++) await SecurityFixture.CreateUserAsync(server, $"u{i}", "viewer");
    }

    public Task DisposeAsync()
    {
        CremaTestServer.DeleteDirectory(Directory);
        return Task.CompletedTask;
    }
}

public sealed class TamperTests(TamperedTrail trail) : IClassFixture<TamperedTrail>, IDisposable
{
    private readonly string _copy = CremaTestServer.NewTempDirectory();

    public void Dispose() => CremaTestServer.DeleteDirectory(_copy);

    [Fact]
    public async Task The_untouched_trail_verifies_with_every_event_digested()
    {
        var report = await VerifyAsync();
        Assert.True(report.Ok, string.Join("\n", report.Findings.Select(f => f.Message)));
        Assert.True(report.EventsChecked >= 21, $"{report.EventsChecked} events");
        Assert.True(report.DigestsChecked >= 3);
        Assert.Equal(0, report.EventsNotYetDigested);
    }

    [Fact]
    public async Task An_edited_field_is_named()
    {
        var seq = await SeqOfAsync("CreateUser", "users/u4");
        Execute($"UPDATE audit_events SET body = replace(body, 'users/u4', 'users/zz') WHERE seq = {seq};");
        AssertFirst(await VerifyAsync(), AuditFindingKind.EventAltered, seq);
    }

    [Fact]
    public async Task An_edited_field_with_the_whole_chain_recomputed_is_still_named()
    {
        var seq = await SeqOfAsync("CreateUser", "users/u7");
        Execute($"UPDATE audit_events SET body = replace(body, 'users/u7', 'users/zz') WHERE seq = {seq};");
        Rechain(seq);
        AssertFirst(await VerifyAsync(), AuditFindingKind.EventAltered, seq);
    }

    [Fact]
    public async Task An_edited_index_column_is_named()
    {
        var seq = await SeqOfAsync("DeleteUser", "users/u2");
        Execute($"UPDATE audit_events SET event_name = 'ListUsers' WHERE seq = {seq};");
        AssertFirst(await VerifyAsync(), AuditFindingKind.EventAltered, seq);
    }

    [Fact]
    public async Task A_deleted_row_is_named()
    {
        var seq = await SeqOfAsync("DeleteUser", "users/u3");
        Execute($"DELETE FROM audit_events WHERE seq = {seq};");
        AssertFirst(await VerifyAsync(), AuditFindingKind.EventRemoved, seq);
    }

    [Fact]
    public async Task An_inserted_row_is_named()
    {
        var seq = await SeqOfAsync("CreateUser", "users/u5");
        Execute($"UPDATE audit_events SET seq = seq + 1000000 WHERE seq >= {seq}; UPDATE audit_events SET seq = seq - 999999 WHERE seq >= 1000000;");
        Execute($"INSERT INTO audit_events (seq, event_id, time_ms, event_name, user_name, read_only, error_code, body, prev_hash, hash) " +
                $"SELECT {seq}, 'forged-' || event_id, time_ms, event_name, user_name, read_only, error_code, replace(body, 'users/u5', 'users/ghost'), prev_hash, hash " +
                $"FROM audit_events WHERE seq = {seq + 1};");
        AssertFirst(await VerifyAsync(), AuditFindingKind.EventInserted, seq);
    }

    [Fact]
    public async Task Two_swapped_rows_are_named()
    {
        var a = await SeqOfAsync("CreateUser", "users/u8");
        var b = await SeqOfAsync("CreateUser", "users/u9");
        Execute($"""
            CREATE TEMP TABLE t AS SELECT * FROM audit_events WHERE seq IN ({a}, {b});
            UPDATE audit_events SET (event_id, time_ms, event_name, user_name, read_only, error_code, body, prev_hash, hash) =
              (SELECT event_id, time_ms, event_name, user_name, read_only, error_code, body, prev_hash, hash FROM t WHERE t.seq = {b}) WHERE seq = {a};
            UPDATE audit_events SET (event_id, time_ms, event_name, user_name, read_only, error_code, body, prev_hash, hash) =
              (SELECT event_id, time_ms, event_name, user_name, read_only, error_code, body, prev_hash, hash FROM t WHERE t.seq = {a}) WHERE seq = {b};
            """);
        AssertFirst(await VerifyAsync(), AuditFindingKind.EventsReordered, a);
    }

    [Fact]
    public async Task A_truncated_tail_is_named()
    {
        var seq = await SeqOfAsync("DeleteUser", "users/u1");
        Execute($"DELETE FROM audit_events WHERE seq > {seq};");
        var report = await VerifyAsync();
        Assert.Contains(report.Findings, f => f.Kind == AuditFindingKind.TailTruncated);
    }

    [Fact]
    public async Task A_digest_replaced_and_re_signed_with_another_key_is_named()
    {
        using var attacker = AuditSigner.Generate();
        var digests = await DigestsAsync();
        var forged = digests[1] with { MerkleRoot = new string('a', 64) };
        forged = forged with { KeyId = attacker.KeyId, Signature = attacker.Sign(System.Text.Encoding.UTF8.GetBytes(AuditDigests.SignedBody(forged))) };
        Execute($"UPDATE audit_digests SET body = '{AuditDigests.Serialize(forged).Replace("'", "''", StringComparison.Ordinal)}' WHERE digest_seq = {forged.DigestSequence};");
        var report = await VerifyAsync();
        Assert.False(report.Ok);
        Assert.Contains(report.Findings, f => f.Kind == AuditFindingKind.UnknownSigningKey && f.DigestSequence == forged.DigestSequence);
    }

    [Fact]
    public async Task A_digest_edited_without_the_key_is_named()
    {
        var digests = await DigestsAsync();
        var edited = digests[0] with { EventCount = digests[0].EventCount - 1 };
        Execute($"UPDATE audit_digests SET body = '{AuditDigests.Serialize(edited).Replace("'", "''", StringComparison.Ordinal)}' WHERE digest_seq = {edited.DigestSequence};");
        var report = await VerifyAsync();
        Assert.Contains(report.Findings, f => f.Kind == AuditFindingKind.DigestSignatureInvalid && f.DigestSequence == edited.DigestSequence);
    }

    [Fact]
    public async Task A_deleted_digest_is_named()
    {
        Execute("DELETE FROM audit_digests WHERE digest_seq = 2;");
        var report = await VerifyAsync();
        Assert.Contains(report.Findings, f => f.Kind == AuditFindingKind.DigestRemoved && f.DigestSequence == 2);
    }

    [Fact]
    public async Task An_inclusion_proof_checks_against_the_signed_digest_and_fails_for_an_edited_event()
    {
        CopyTrail();
        var store = await SqliteAuditStore.OpenAsync(Path.Combine(_copy, "audit.db"), TimeProvider.System);
        await using (store)
        {
            var e = (await store.LookupAsync(new AuditQuery { EventName = "CreateUser", Resource = "users/u10" }))[0];
            var key = AuditPublicKey.FromPem(await File.ReadAllTextAsync(Path.Combine(_copy, "audit-public-key.pem")));
            var proof = (await AuditProofs.ProveAsync(store, e.EventId, key.PublicKeyPem, CancellationToken.None))!;
            Assert.Null(AuditProofs.CheckProof(proof, key));
            var edited = proof with { EventBody = proof.EventBody.Replace("users/u10", "users/u11", StringComparison.Ordinal) };
            Assert.NotNull(AuditProofs.CheckProof(edited, key));
            using var other = AuditSigner.Generate();
            Assert.NotNull(AuditProofs.CheckProof(proof, other.PublicKey));
        }
    }

    private static void AssertFirst(AuditVerificationReport report, AuditFindingKind kind, long sequence)
    {
        Assert.False(report.Ok);
        var first = report.FirstProblem!;
        Assert.True(first.Kind == kind && first.Sequence == sequence,
            $"expected {kind} at {sequence}, got:\n" + string.Join("\n", report.Findings.Select(f => $"{f.Kind} {f.Sequence}: {f.Message}")));
    }

    private void CopyTrail()
    {
        if (File.Exists(Path.Combine(_copy, "audit.db"))) return;
        foreach (var name in new[] { "audit.db", "audit-public-key.pem" }) File.Copy(Path.Combine(trail.Directory, name), Path.Combine(_copy, name));
    }

    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = Path.Combine(_copy, "audit.db"), Pooling = false }.ToString();

    private void Execute(string sql)
    {
        CopyTrail();
        using var c = new SqliteConnection(ConnectionString);
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private async Task<long> SeqOfAsync(string eventName, string resource)
    {
        CopyTrail();
        var store = await SqliteAuditStore.OpenAsync(Path.Combine(_copy, "audit.db"), TimeProvider.System);
        await using (store)
        {
            return Assert.Single(await store.LookupAsync(new AuditQuery { EventName = eventName, Resource = resource })).Sequence;
        }
    }

    private async Task<List<AuditDigest>> DigestsAsync()
    {
        CopyTrail();
        var store = await SqliteAuditStore.OpenAsync(Path.Combine(_copy, "audit.db"), TimeProvider.System);
        await using (store)
        {
            return (await store.ListDigestBodiesAsync()).Select(AuditDigests.Parse).ToList();
        }
    }

    /// <summary>What an attacker who knows the public algorithm does: recompute every hash from <paramref name="from"/> on.</summary>
    private void Rechain(long from)
    {
        using var c = new SqliteConnection(ConnectionString);
        c.Open();
        var rows = new List<(long Seq, string Body, string Prev)>();
        using (var read = c.CreateCommand())
        {
            read.CommandText = $"SELECT seq, body, prev_hash FROM audit_events WHERE seq >= {from} ORDER BY seq;";
            using var r = read.ExecuteReader();
            while (r.Read()) rows.Add((r.GetInt64(0), r.GetString(1), r.GetString(2)));
        }

        var prev = rows[0].Prev;
        foreach (var row in rows)
        {
            var hash = AuditHash.Chain(prev, row.Body);
            using var update = c.CreateCommand();
            update.CommandText = "UPDATE audit_events SET prev_hash = $p, hash = $h WHERE seq = $s;";
            update.Parameters.AddWithValue("$p", prev);
            update.Parameters.AddWithValue("$h", hash);
            update.Parameters.AddWithValue("$s", row.Seq);
            update.ExecuteNonQuery();
            prev = hash;
        }
    }

    private async Task<AuditVerificationReport> VerifyAsync()
    {
        CopyTrail();
        var key = AuditPublicKey.FromPem(await File.ReadAllTextAsync(Path.Combine(_copy, "audit-public-key.pem")));
        var store = await SqliteAuditStore.OpenAsync(Path.Combine(_copy, "audit.db"), TimeProvider.System);
        await using (store)
        {
            return await AuditProofs.VerifyAsync(store, [key], null, null, null, CancellationToken.None);
        }
    }
}
