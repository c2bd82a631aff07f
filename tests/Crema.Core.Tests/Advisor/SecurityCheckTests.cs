using Crema.Core.Advisor;
using static Crema.Core.Tests.Advisor.Snapshots;

namespace Crema.Core.Tests.Advisor;

public class SecurityCheckTests
{
    private static AdvisorUser Root(bool mfa) => new("root", IsRoot: true, IsAdmin: true, MfaEnabled: mfa, Disabled: false, null);

    [Fact]
    public void Root_without_mfa_is_red_and_with_mfa_green()
    {
        var red = Run(AdvisorChecks.RootWithoutMfa, Empty with { Users = [Root(false)] });
        Assert.Equal(AdvisorStatus.Red, red.Status);
        Assert.Equal("root", Assert.Single(red.Items).ResourceId);
        Assert.Equal(AdvisorStatus.Green, Run(AdvisorChecks.RootWithoutMfa, Empty with { Users = [Root(true)] }).Status);
    }

    [Fact]
    public void Root_keys_are_red_each_and_other_users_keys_are_not_flagged()
    {
        var keys = new[]
        {
            new AdvisorKey("AK1", "root", true, Now.AddDays(-1), null),
            new AdvisorKey("AK2", "ops", false, Now.AddDays(-1), null),
            new AdvisorKey("AK3", "root", true, Now.AddDays(-2), Now),
        };
        var r = Run(AdvisorChecks.RootWithKeys, Empty with { Keys = keys });
        Assert.Equal(AdvisorStatus.Red, r.Status);
        Assert.Equal(["AK1", "AK3"], r.Items.Select(i => i.ResourceId));
        Assert.Equal(AdvisorStatus.Green, Run(AdvisorChecks.RootWithKeys, Empty with { Keys = [keys[1]] }).Status);
    }

    [Fact]
    public void Admins_without_mfa_are_yellow_but_disabled_ones_and_viewers_are_not()
    {
        var users = new[]
        {
            new AdvisorUser("alice", false, IsAdmin: true, MfaEnabled: false, Disabled: false, null),
            new AdvisorUser("bob", false, IsAdmin: true, MfaEnabled: false, Disabled: true, null),
            new AdvisorUser("carol", false, IsAdmin: false, MfaEnabled: false, Disabled: false, null),
            new AdvisorUser("dave", false, IsAdmin: true, MfaEnabled: true, Disabled: false, null),
        };
        var r = Run(AdvisorChecks.AdminsWithoutMfa, Empty with { Users = users });
        Assert.Equal(AdvisorStatus.Yellow, r.Status);
        Assert.Equal("alice", Assert.Single(r.Items).ResourceId);
        Assert.Equal(AdvisorStatus.Green, Run(AdvisorChecks.AdminsWithoutMfa, Empty with { Users = users[1..] }).Status);
    }

    [Theory]
    [InlineData(10, 1, AdvisorStatus.Green)]
    [InlineData(89, 89, AdvisorStatus.Green)]
    [InlineData(60, 91, AdvisorStatus.Yellow)] // unused for 91 days (never used: counted from creation is 60 → last use 91 days ago)
    [InlineData(91, 0, AdvisorStatus.Yellow)]
    [InlineData(181, 0, AdvisorStatus.Red)]
    public void Keys_are_judged_by_age_and_last_use(int ageDays, int idleDays, AdvisorStatus expected)
    {
        var created = Now.AddDays(-Math.Max(ageDays, idleDays));
        var key = new AdvisorKey("AK", "ops", false, ageDays >= idleDays ? Now.AddDays(-ageDays) : created, Now.AddDays(-idleDays));
        Assert.Equal(expected, Run(AdvisorChecks.OldOrUnusedKeys, Empty with { Keys = [key] }).Status);
    }

    [Fact]
    public void A_key_never_used_counts_its_idle_time_from_creation()
    {
        // 89 days old, never used: not yet flagged; 91 days old and never used: flagged for age (yellow).
        Assert.Equal(AdvisorStatus.Green, Run(AdvisorChecks.OldOrUnusedKeys, Empty with { Keys = [new("AK", "ops", false, Now.AddDays(-89), null)] }).Status);
        Assert.Equal(AdvisorStatus.Yellow, Run(AdvisorChecks.OldOrUnusedKeys, Empty with { Keys = [new("AK", "ops", false, Now.AddDays(-91), null)] }).Status);
    }

    [Theory]
    [InlineData(30, true, AdvisorStatus.Green)]
    [InlineData(61, true, AdvisorStatus.Yellow)]
    [InlineData(25 * 60, true, AdvisorStatus.Red)]
    [InlineData(30, false, AdvisorStatus.Red)]
    public void Audit_digests_are_judged_by_age_and_verification(int minutesSinceDigest, bool verified, AdvisorStatus expected)
    {
        var audit = new AdvisorAudit(true, Now.AddDays(-10), Now.AddMinutes(-minutesSinceDigest), verified);
        Assert.Equal(expected, Run(AdvisorChecks.AuditDigests, Empty with { Audit = audit }).Status);
    }

    [Fact]
    public void Audit_without_any_digest_counts_from_server_start_and_is_not_available_when_off()
    {
        Assert.Equal(AdvisorStatus.Green, Run(AdvisorChecks.AuditDigests, Empty with { Audit = new(true, Now.AddMinutes(-5), null, null) }).Status);
        Assert.Equal(AdvisorStatus.Yellow, Run(AdvisorChecks.AuditDigests, Empty with { Audit = new(true, Now.AddHours(-3), null, null) }).Status);
        Assert.Equal(AdvisorStatus.NotAvailable, Run(AdvisorChecks.AuditDigests, Empty with { Audit = new(false, Now, null, null) }).Status);
        Assert.Equal(AdvisorStatus.NotAvailable, Run(AdvisorChecks.AuditDigests, Empty).Status);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8085", AdvisorStatus.Green)]
    [InlineData("http://localhost:8085", AdvisorStatus.Green)]
    [InlineData("http://[::1]:8085", AdvisorStatus.Green)]
    [InlineData("https://0.0.0.0:8443", AdvisorStatus.Green)]
    [InlineData("http://0.0.0.0:8085", AdvisorStatus.Red)]
    [InlineData("http://*:8085", AdvisorStatus.Red)]
    [InlineData("http://192.168.1.20:8085", AdvisorStatus.Red)]
    public void Plain_http_beyond_loopback_is_red(string url, AdvisorStatus expected) =>
        Assert.Equal(expected, Run(AdvisorChecks.ListeningWithoutTls, Empty with { ListenUrls = [url] }).Status);
}
