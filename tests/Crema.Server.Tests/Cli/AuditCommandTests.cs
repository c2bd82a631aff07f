using System.Text.Json;
using System.Text.RegularExpressions;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Core.Audit;

namespace Crema.Server.Tests.Cli;

/// <summary>`crema audit lookup|show|export|digest|verify|prove` against a live server.</summary>
public sealed partial class AuditCommandTests(CliServer fixture) : IClassFixture<CliServer>
{
    [GeneratedRegex(@"OK: (\d+) events and (\d+) digests verified \((\d+) events not yet in a digest\)")]
    private static partial Regex OkLine();

    private Task<CliResult> Crema(params string[] args) => CremaCli.RunAsync([.. args, "--url", fixture.Url], fixture.Env);

    // Made through the API (a CLI start costs ~0.5 s); the CLI's own lookup is tested below.
    private async Task<AuditEventDto> CreateUserEventAsync(string name)
    {
        await fixture.Server.Client.CreateUserAsync(new CreateUserRequest { UserName = name });
        var found = await fixture.Server.Client.LookupAuditEventsAsync(new AuditEventFilter { EventName = "CreateUser", Resource = "users/" + name });
        return Assert.Single(found.Events);
    }

    [Fact]
    public async Task Lookup_shows_the_CreateUser_event_by_the_root_user_in_json_and_in_the_table()
    {
        var create = await Crema("users", "create", "cli-audit-dave");
        Assert.True(create.ExitCode == 0, create.All);
        var lookup = await Crema("audit", "lookup", "--event", "CreateUser", "--resource", "users/cli-audit-dave", "--json");
        Assert.True(lookup.ExitCode == 0, lookup.All);
        var e = Assert.Single(JsonSerializer.Deserialize<List<AuditEventDto>>(lookup.Stdout, CremaJson.Options)!);
        Assert.Equal("root", e.Identity.UserName);
        Assert.Equal(fixture.Server.AdminKey.Key.AccessKeyId, e.Identity.AccessKeyId);
        Assert.Contains("users/cli-audit-dave", e.Resources);
        Assert.Null(e.ErrorCode);

        var table = await Crema("audit", "lookup", "--since", "1h", "--event", "CreateUser", "--user", "root");
        Assert.True(table.ExitCode == 0, table.All);
        var row = Assert.Single(table.Stdout.Split('\n'), l => l.Contains("users/cli-audit-dave", StringComparison.Ordinal));
        Assert.Contains("CreateUser", row, StringComparison.Ordinal);
        Assert.Contains("root", row, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", row, StringComparison.Ordinal);
        Assert.Contains("OK", row, StringComparison.Ordinal);

        var show = await Crema("audit", "show", e.EventId);
        Assert.True(show.ExitCode == 0, show.All);
        var shown = JsonSerializer.Deserialize<AuditEventDto>(show.Stdout, CremaJson.Options)!;
        Assert.Equal(e.Sequence, shown.Sequence);
        Assert.Equal(e.Hash, shown.Hash);
    }

    [Fact]
    public async Task Lookup_of_errors_shows_a_refused_call_with_its_error_code()
    {
        var refused = await Crema("users", "delete", "cli-audit-nobody");
        Assert.NotEqual(0, refused.ExitCode);
        var r = await Crema("audit", "lookup", "--errors", "--event", "DeleteUser", "--json");
        Assert.True(r.ExitCode == 0, r.All);
        var e = Assert.Single(JsonSerializer.Deserialize<List<AuditEventDto>>(r.Stdout, CremaJson.Options)!, x => x.Resources.Contains("users/cli-audit-nobody"));
        Assert.NotNull(e.ErrorCode);
    }

    [Fact]
    public async Task Export_to_a_file_writes_one_json_line_per_event_oldest_first()
    {
        await CreateUserEventAsync("cli-audit-erin");
        var file = Path.Combine(Path.GetTempPath(), "crema-cli-export-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            var r = await Crema("audit", "export", "--since", "1h", "--output", file);
            Assert.True(r.ExitCode == 0, r.All);
            var events = File.ReadAllLines(file).Select(l => JsonSerializer.Deserialize<AuditEventDto>(l, CremaJson.Options)!).ToList();
            Assert.Contains($"exported {events.Count} events", r.Stderr, StringComparison.Ordinal);
            Assert.Contains(events, e => e.EventName == "CreateUser" && e.Resources.Contains("users/cli-audit-erin"));
            Assert.Equal(events.Select(e => e.Sequence).Order(), events.Select(e => e.Sequence));
            Assert.Equal(events.Count, events.Select(e => e.Sequence).Distinct().Count());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Verify_after_a_digest_is_ok_with_the_servers_key_and_with_a_kept_key_and_prove_checks_an_event()
    {
        var e = await CreateUserEventAsync("cli-audit-frank");
        var digest = await Crema("audit", "digest");
        Assert.True(digest.ExitCode == 0, digest.All);
        Assert.Contains("Signed digest", digest.Stdout, StringComparison.Ordinal);

        var verify = await Crema("audit", "verify");
        Assert.True(verify.ExitCode == 0, verify.All);
        Assert.Contains("trusting the server's key", verify.Stdout, StringComparison.Ordinal);
        var ok = OkLine().Match(verify.Stdout);
        Assert.True(ok.Success, verify.All);
        Assert.True(long.Parse(ok.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > e.Sequence);
        Assert.True(long.Parse(ok.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) >= 1);

        var pem = Path.Combine(Path.GetTempPath(), "crema-cli-key-" + Guid.NewGuid().ToString("N") + ".pem");
        try
        {
            Assert.Equal(0, (await Crema("audit", "public-key", "--output", pem)).ExitCode);
            var keyId = AuditPublicKey.FromPem(await File.ReadAllTextAsync(pem)).KeyId;
            var kept = await Crema("audit", "verify", "--public-key", pem, "--json");
            Assert.True(kept.ExitCode == 0, kept.All);
            var report = JsonSerializer.Deserialize<AuditVerifyResponse>(kept.Stdout, CremaJson.Options)!;
            Assert.True(report.Ok);
            Assert.Empty(report.Findings);
            Assert.Contains($"trusting key {keyId}", kept.Stderr, StringComparison.Ordinal);

            var prove = await Crema("audit", "prove", e.EventId, "--public-key", pem);
            Assert.True(prove.ExitCode == 0, prove.All);
            Assert.Matches($@"verified against digest \d+ signed by key {keyId}", prove.Stdout);
            Assert.Contains("CreateUser by root", prove.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(pem);
        }
    }

    [Fact]
    public async Task Verify_trusting_another_key_is_not_ok_and_exits_1()
    {
        var e = await CreateUserEventAsync("cli-audit-gina");
        await fixture.Server.Client.CreateAuditDigestAsync();
        using var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var pem = Path.Combine(Path.GetTempPath(), "crema-cli-other-" + Guid.NewGuid().ToString("N") + ".pem");
        try
        {
            await File.WriteAllTextAsync(pem, other.ExportSubjectPublicKeyInfoPem());
            var r = await Crema("audit", "verify", "--public-key", pem);
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("NOT OK", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("FIRST PROBLEM UnknownSigningKey", r.Unwrapped, StringComparison.Ordinal);

            var prove = await Crema("audit", "prove", e.EventId, "--public-key", pem);
            Assert.Equal(1, prove.ExitCode);
            Assert.Contains("NOT verified", prove.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(pem);
        }
    }

    [Fact]
    public async Task Settings_switch_on_write_events_for_chosen_namespaces_only()
    {
        var on = await Crema("audit", "settings", "--data-write", "on", "--namespaces", "CliAudited*");
        Assert.True(on.ExitCode == 0, on.All);
        Assert.Contains("Data writes recorded: on", on.Stdout, StringComparison.Ordinal);
        try
        {
            var datum = new MetricDatumDto { MetricName = "Orders", Timestamp = fixture.Now, Value = 1 };
            await fixture.Server.PutAsync("CliAuditedShop", [datum]);
            await fixture.Server.PutAsync("CliQuietShop", [datum]);
            var r = await Crema("audit", "lookup", "--event", "PutMetricData", "--json");
            Assert.True(r.ExitCode == 0, r.All);
            var events = JsonSerializer.Deserialize<List<AuditEventDto>>(r.Stdout, CremaJson.Options)!;
            Assert.Contains(events, e => e.Resources.Any(x => x.Contains("CliAuditedShop", StringComparison.Ordinal)));
            Assert.DoesNotContain(events, e => e.Resources.Any(x => x.Contains("CliQuietShop", StringComparison.Ordinal)));
            var settings = await fixture.Server.Client.GetAuditSettingsAsync();
            Assert.True(settings.DataEventsWrite);
            Assert.Equal(["CliAudited*"], settings.DataEventNamespaces);
        }
        finally
        {
            await fixture.Server.Client.UpdateAuditSettingsAsync(new AuditSettingsDto { DataEventsWrite = false, DataEventNamespaces = [] });
        }
    }
}
