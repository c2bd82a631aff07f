using System.Net;
using System.Net.Http.Json;
using Crema.Client;
using Crema.Core.Audit;
using Crema.Server.Audit;
using Crema.Server.Tests.Cli;
using Crema.Server.Tests.Security;
using Crema.Server.Tests.TestSupport;
using Crema.Storage.Audit;

namespace Crema.Server.Tests.Audit;

public sealed class DigestExportTests : IDisposable
{
    private readonly string _exports = CremaTestServer.NewTempDirectory();

    public void Dispose() => CremaTestServer.DeleteDirectory(_exports);

    [Fact]
    public async Task Every_five_minutes_a_signed_digest_is_copied_to_the_export_directory_and_posted_to_the_webhook()
    {
        var port = CremaCli.FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/digests/");
        listener.Start();
        var posted = new List<string>();
        var receiving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext ctx;
                try
                {
                    ctx = await listener.GetContextAsync();
                }
                catch (HttpListenerException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                string body;
                using (var reader = new StreamReader(ctx.Request.InputStream)) body = await reader.ReadToEndAsync();
                lock (posted) posted.Add(body);
                ctx.Response.StatusCode = 204;
                ctx.Response.Close();
            }
        });

        var dir = CremaTestServer.NewTempDirectory();
        try
        {
            await using (var server = await CremaTestServer.StartAsync(dir, null, "--digest-export", _exports, $"--Audit:DigestWebhookUrl=http://127.0.0.1:{port}/digests/"))
            {
                await SecurityFixture.CreateUserAsync(server, "dana", "viewer");
                server.Time.Advance(TimeSpan.FromMinutes(5));
                var file = Path.Combine(_exports, DigestService.ExportFileName(1));
                var watch = System.Diagnostics.Stopwatch.StartNew();
                while (!File.Exists(file) && watch.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(20);
                Assert.True(File.Exists(file), "no digest was exported after the interval");
                var exported = AuditDigests.Parse(await File.ReadAllTextAsync(file));
                Assert.Equal(1, exported.DigestSequence);
                Assert.True(exported.EventCount >= 1);
                while (posted.Count == 0 && watch.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(20);
                lock (posted) Assert.Equal(AuditDigests.Serialize(exported), Assert.Single(posted));
                var key = await server.Http.GetFromJsonAsync<Crema.Client.Contracts.AuditPublicKeyResponse>("api/v1/audit/public-key", CremaJson.Options);
                Assert.True(AuditDigests.VerifySignature(exported, AuditPublicKey.FromPem(key!.PublicKeyPem)));
            }

            // The shutdown digest is exported too; deleting digests on the server is caught against the copies.
            var copies = Directory.GetFiles(_exports, "digest-*.json").Order(StringComparer.Ordinal).Select(f => AuditDigests.Parse(File.ReadAllText(f))).ToList();
            Assert.True(copies.Count >= 2);
            var publicKey = AuditPublicKey.FromPem(await File.ReadAllTextAsync(Path.Combine(dir, "audit-public-key.pem")));
            await using (var store = await SqliteAuditStore.OpenAsync(Path.Combine(dir, "audit.db"), TimeProvider.System))
            {
                Assert.True((await AuditProofs.VerifyAsync(store, [publicKey], null, null, copies, CancellationToken.None)).Ok);
            }

            using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir, "audit.db")};Pooling=False"))
            {
                c.Open();
                using var cmd = c.CreateCommand();
                cmd.CommandText = $"DELETE FROM audit_digests WHERE digest_seq = {copies[^1].DigestSequence};";
                cmd.ExecuteNonQuery();
            }

            await using (var store = await SqliteAuditStore.OpenAsync(Path.Combine(dir, "audit.db"), TimeProvider.System))
            {
                var report = await AuditProofs.VerifyAsync(store, [publicKey], null, null, copies, CancellationToken.None);
                Assert.Contains(report.Findings, f => f.Kind == AuditFindingKind.DigestRemoved && f.DigestSequence == copies[^1].DigestSequence);
            }
        }
        finally
        {
            listener.Stop();
            await receiving;
            CremaTestServer.DeleteDirectory(dir);
        }
    }
}
