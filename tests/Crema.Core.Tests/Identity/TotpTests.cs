using System.Text;
using Crema.Core.Identity;

namespace Crema.Core.Tests.Identity;

public class TotpTests
{
    private static readonly byte[] _rfcSecret = Encoding.ASCII.GetBytes("12345678901234567890");

    // RFC 6238 Appendix B, SHA-1 rows.
    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void Matches_rfc6238_sha1_vectors(long unixSeconds, string expected)
    {
        var time = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
        Assert.Equal(expected, Totp.Code(_rfcSecret, time, 8));
        Assert.Equal(expected[2..], Totp.Code(_rfcSecret, time));
    }

    [Fact]
    public void Step_counts_whole_periods_since_the_epoch()
    {
        Assert.Equal(0, Totp.Step(DateTimeOffset.FromUnixTimeSeconds(29)));
        Assert.Equal(1, Totp.Step(DateTimeOffset.FromUnixTimeSeconds(30)));
        Assert.Equal(0x23523EC, Totp.Step(DateTimeOffset.FromUnixTimeSeconds(1111111109)));
        Assert.Equal(-1, Totp.Step(DateTimeOffset.FromUnixTimeSeconds(-1)));
    }

    [Fact]
    public void Verify_accepts_codes_within_the_window_and_reports_the_step()
    {
        var secret = _rfcSecret;
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var current = Totp.Step(now);
        for (var offset = -3; offset <= 3; offset++)
        {
            var code = Totp.Code(secret, now.AddSeconds(offset * 30));
            var ok = Totp.Verify(secret, code, now, 1, out var step);
            if (Math.Abs(offset) <= 1)
            {
                Assert.True(ok);
                Assert.Equal(current + offset, step);
            }
            else
            {
                Assert.False(ok);
            }
        }
    }

    [Fact]
    public void Verify_refuses_wrong_and_malformed_codes()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1111111109);
        var right = Totp.Code(_rfcSecret, now);
        Assert.Equal("081804", right);
        Assert.True(Totp.Verify(_rfcSecret, "081 804", now, 0, out _));
        Assert.False(Totp.Verify(_rfcSecret, "081805", now, 1, out var step));
        Assert.Equal(-1, step);
        foreach (var bad in new[] { "", "81804", "0818044", "08180a", null! })
            Assert.False(Totp.Verify(_rfcSecret, bad, now, 1, out _));
    }

    [Fact]
    public void Verify_with_last_used_step_refuses_replay()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1111111109);
        var code = Totp.Code(_rfcSecret, now);
        Assert.True(Totp.Verify(_rfcSecret, code, now, 1, long.MinValue, out var used));
        Assert.False(Totp.Verify(_rfcSecret, code, now.AddSeconds(10), 1, used, out _));
        var next = Totp.Code(_rfcSecret, now.AddSeconds(30));
        Assert.True(Totp.Verify(_rfcSecret, next, now.AddSeconds(30), 1, used, out var nextStep));
        Assert.Equal(used + 1, nextStep);
    }

    [Fact]
    public void New_secret_is_20_random_bytes()
    {
        var a = Totp.NewSecret();
        var b = Totp.NewSecret();
        Assert.Equal(20, a.Length);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Provisioning_uri_is_percent_encoded_and_carries_the_parameters()
    {
        var secret = Encoding.ASCII.GetBytes("12345678901234567890");
        var uri = Totp.ProvisioningUri("Crema Café", "alice@shop.example", secret);
        Assert.Equal(
            "otpauth://totp/Crema%20Caf%C3%A9:alice%40shop.example?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Crema%20Caf%C3%A9&algorithm=SHA1&digits=6&period=30",
            uri);
        var parsed = new Uri(uri);
        Assert.Equal("otpauth", parsed.Scheme);
        Assert.Contains("a%26b%3Ac", Totp.ProvisioningUri("x", "a&b:c", secret), StringComparison.Ordinal);
    }
}
