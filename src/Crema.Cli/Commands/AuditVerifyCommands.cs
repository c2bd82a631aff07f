using System.CommandLine;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Core.Audit;
using Crema.Server.Audit;
using Spectre.Console;

namespace Crema.Cli.Commands;

/// <summary>
/// `crema audit verify|prove`: checks run here in the CLI, trusting only a public key, over rows read from the
/// server (or straight from a stopped server's data directory).
/// </summary>
internal static class AuditVerifyCommands
{
    private const int RawPage = 5000;

    public static Command Verify()
    {
        var from = new Option<string?>("--from") { Description = "First event time to check (ISO-8601, epoch seconds or a duration ago)" };
        var to = new Option<string?>("--to") { Description = "Check events before this time" };
        var key = new Option<FileInfo?>("--public-key") { Description = "The PEM of the signing key to trust (default: the server's, which proves less)" };
        var digests = new Option<DirectoryInfo?>("--digests") { Description = "A directory of exported digest copies (digest-*.json) to compare with" };
        var data = new Option<DirectoryInfo?>("--data") { Description = "Verify offline from a data directory's audit.db (no server needed)" };
        var cmd = new Command("verify", "Check the hash chain, Merkle roots and signatures; names the first tampered event") { from, to, key, digests, data };
        cmd.SetAction(async (pr, ct) =>
        {
            var now = TimeProvider.System.GetUtcNow();
            if (!CliIo.TryRange(null, pr.GetValue(from), pr.GetValue(to), now, out var start, out var end, out var error)) return MetricsCommands.Fail(error!);
            return await CliIo.Run(async () =>
            {
                var copies = pr.GetValue(digests) is { } dir ? OfflineAuditTrail.ReadCopies(dir.FullName) : null;
                List<StoredAuditEvent> events;
                List<AuditDigest> stored;
                AuditPublicKey trusted;
                string trustNote;
                if (pr.GetValue(data) is { } dataDir)
                {
                    (events, stored) = await OfflineAuditTrail.ReadAsync(Path.Combine(dataDir.FullName, "audit.db"), ct).ConfigureAwait(false);
                    var pemFile = pr.GetValue(key)?.FullName ?? Path.Combine(dataDir.FullName, "audit-public-key.pem");
                    if (!File.Exists(pemFile)) return MetricsCommands.Fail($"{pemFile} does not exist: pass --public-key FILE.pem");
                    trusted = AuditPublicKey.FromPem(await File.ReadAllTextAsync(pemFile, ct).ConfigureAwait(false));
                    trustNote = pr.GetValue(key) is null
                        ? $"trusting the data directory's key {trusted.KeyId} ({pemFile}); pass --public-key with a copy kept elsewhere to trust only that"
                        : $"trusting key {trusted.KeyId} from {pemFile}";
                }
                else
                {
                    var client = MetricsCommands.Client(pr);
                    (trusted, trustNote) = await TrustedKeyAsync(client, pr.GetValue(key), ct).ConfigureAwait(false);
                    // Digests first: a digest signed while the rows are read then covers rows that were read too,
                    // whereas the other order could see a digest of rows not fetched and report a truncated tail.
                    stored = [];
                    foreach (var d in (await client.ListAuditDigestsAsync(ct).ConfigureAwait(false)).Digests) stored.Add(AuditDigests.Parse(d.ToJsonString()));
                    events = await ReadRawAsync(client, ct).ConfigureAwait(false);
                }

                var report = AuditVerifier.Verify(events, stored, [trusted], new AuditVerifyOptions
                {
                    FromSequence = start is { } s ? FirstAtOrAfter(events, s) : null,
                    ToSequence = end is { } e ? LastBefore(events, e) : null,
                    ExternalCopies = copies,
                });
                Report(pr, report, trustNote, copies?.Count);
                return report.Ok ? 0 : CliIo.NotOk;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    public static Command Prove()
    {
        var id = new Argument<string>("EVENT_ID") { Description = "The event's id" };
        var key = new Option<FileInfo?>("--public-key") { Description = "The PEM of the signing key to trust (default: the one the proof carries)" };
        var cmd = new Command("prove", "Prove that one event is in a signed digest, and check the proof here") { id, key };
        cmd.SetAction(async (pr, ct) =>
        {
            var client = MetricsCommands.Client(pr);
            return await CliIo.Run(async () =>
            {
                var proof = await client.ProveAuditEventAsync(pr.GetValue(id)!, ct).ConfigureAwait(false);
                AuditPublicKey trusted;
                string trustNote;
                if (pr.GetValue(key) is { } f)
                {
                    trusted = AuditPublicKey.FromPem(await File.ReadAllTextAsync(f.FullName, ct).ConfigureAwait(false));
                    trustNote = $"trusting key {trusted.KeyId} from {f.FullName}";
                }
                else
                {
                    trusted = AuditPublicKey.FromPem(proof.PublicKeyPem);
                    trustNote = $"trusting the server's key {trusted.KeyId} sent with the proof; pass --public-key with a copy kept elsewhere to trust only that";
                }

                var problem = AuditProofs.CheckProof(proof, trusted);
                if (CliIo.Json(pr))
                {
                    CliIo.PrintJson(proof);
                }
                else
                {
                    Explain(proof);
                }

                if (problem is not null)
                {
                    Console.Error.WriteLine("NOT verified: " + problem);
                    return CliIo.NotOk;
                }

                var digest = AuditDigests.Parse(proof.Digest.ToJsonString());
                var line = $"verified against digest {digest.DigestSequence} signed by key {digest.KeyId}";
                if (CliIo.Json(pr)) Console.Error.WriteLine(line + " (" + trustNote + ")");
                else
                {
                    AnsiConsole.MarkupLine($"[green]{Markup.Escape(line)}[/]");
                    Console.WriteLine(trustNote);
                }

                return 0;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static void Explain(AuditProofResponse proof)
    {
        var e = AuditEventCodec.Parse(proof.EventBody);
        Console.WriteLine($"Event {e.EventId}: {e.EventName} by {e.Identity.UserName ?? e.Identity.AuthMethod} at {CliIo.Time(e.Time)} (sequence {e.Sequence})");
        Console.WriteLine($"  event hash     {proof.EventHash}");
        Console.WriteLine($"  = SHA-256 chain of the previous hash {proof.PreviousHash} and the event body");
        if (proof.LeafIndex < 0)
        {
            Console.WriteLine("  not yet in a digest: run `crema audit digest`, or wait for the next one");
            return;
        }

        var d = AuditDigests.Parse(proof.Digest.ToJsonString());
        Console.WriteLine($"  is leaf {proof.LeafIndex} of {proof.TreeSize} in digest {d.DigestSequence} (events {d.FirstEventSequence}..{d.LastEventSequence}, signed {CliIo.Time(d.CreatedAt)})");
        Console.WriteLine($"  the {proof.Proof.Count} sibling hash(es) of the proof lead to the digest's Merkle root {d.MerkleRoot}");
    }

    private static void Report(ParseResult pr, AuditVerificationReport report, string trustNote, int? copies)
    {
        if (CliIo.Json(pr))
        {
            CliIo.PrintJson(AuditProofs.ToDto(report));
            Console.Error.WriteLine(trustNote);
            return;
        }

        Console.WriteLine(trustNote);
        if (copies is { } c) Console.WriteLine($"compared with {c} exported digest cop{(c == 1 ? "y" : "ies")}");
        if (report.Ok)
        {
            AnsiConsole.MarkupLine($"[green]OK[/]: {report.EventsChecked} events and {report.DigestsChecked} digests verified ({report.EventsNotYetDigested} events not yet in a digest)");
            return;
        }

        AnsiConsole.MarkupLine($"[red]NOT OK[/]: {report.Findings.Count} finding(s) in {report.EventsChecked} events and {report.DigestsChecked} digests");
        for (var i = 0; i < report.Findings.Count; i++)
        {
            var f = report.Findings[i];
            var where = (f.Sequence is { } s ? $" event {s}" : "") + (f.EventId is { } id ? $" ({id})" : "") + (f.DigestSequence is { } d ? $" digest {d}" : "");
            var text = Markup.Escape($"{f.Kind}{where}: {f.Message}");
            AnsiConsole.MarkupLine(i == 0 ? $"[bold red]FIRST PROBLEM {text}[/]" : "  " + text);
        }
    }

    private static async Task<(AuditPublicKey Key, string Note)> TrustedKeyAsync(CremaClient client, FileInfo? pem, CancellationToken ct)
    {
        if (pem is not null)
        {
            var k = AuditPublicKey.FromPem(await File.ReadAllTextAsync(pem.FullName, ct).ConfigureAwait(false));
            return (k, $"trusting key {k.KeyId} from {pem.FullName}");
        }

        var server = await client.GetAuditPublicKeyAsync(ct).ConfigureAwait(false);
        var key = AuditPublicKey.FromPem(server.PublicKeyPem);
        return (key, $"trusting the server's key {key.KeyId} (from /api/v1/audit/public-key); pass --public-key with a copy kept elsewhere to trust only that");
    }

    private static async Task<List<StoredAuditEvent>> ReadRawAsync(CremaClient client, CancellationToken ct)
    {
        var events = new List<StoredAuditEvent>();
        long? next = 1;
        while (next is { } from)
        {
            var page = await client.ReadRawAuditEventsAsync(from, RawPage, ct).ConfigureAwait(false);
            foreach (var r in page.Events)
            {
                events.Add(new StoredAuditEvent(r.Sequence, r.Body, r.Hash, r.PreviousHash, r.EventId, r.TimeUnixMs, r.EventName, r.UserName, r.ReadOnly, r.ErrorCode));
            }

            next = page.Events.Count == 0 ? null : page.NextSequence;
        }

        return events;
    }

    // The range is mapped to sequences by the time index column, as the server's own verification does.
    private static long FirstAtOrAfter(List<StoredAuditEvent> events, DateTimeOffset t)
    {
        var ms = t.ToUnixTimeMilliseconds();
        foreach (var e in events)
        {
            if (e.TimeUnixMs >= ms) return e.Sequence;
        }

        return long.MaxValue;
    }

    private static long LastBefore(List<StoredAuditEvent> events, DateTimeOffset t)
    {
        var ms = t.ToUnixTimeMilliseconds();
        for (var i = events.Count - 1; i >= 0; i--)
        {
            if (events[i].TimeUnixMs < ms) return events[i].Sequence;
        }

        return 0;
    }
}
