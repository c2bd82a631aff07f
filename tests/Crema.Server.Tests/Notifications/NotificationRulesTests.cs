using Crema.Server.Notifications;

namespace Crema.Server.Tests.Notifications;

public sealed class NotificationRulesTests
{
    [Theory]
    [InlineData("webhook", "https://hooks.example.com/services/T0/B0/secret", "https://hooks.example.com/…")]
    [InlineData("slack", "https://user:pa55@hooks.slack.com:8443/a?token=x#frag", "https://hooks.slack.com:8443/…")]
    [InlineData("webhook", "http://127.0.0.1:80/x", "http://127.0.0.1/…")]
    [InlineData("webhook", "http://[::1]:9000/x", "http://[::1]:9000/…")]
    [InlineData("email", "ops@example.com", "ops@example.com")]
    [InlineData("log", "", "server log")]
    [InlineData("log", "ops-log", "ops-log")]
    public void Endpoints_are_redacted_to_scheme_host_and_port(string protocol, string endpoint, string expected) =>
        Assert.Equal(expected, NotificationRules.Redact(protocol, endpoint));

    [Fact]
    public void Retry_delays_double_from_the_first_and_stop_at_the_cap()
    {
        var o = new NotificationOptions { FirstRetryDelay = TimeSpan.FromMilliseconds(1500), MaxRetryDelay = TimeSpan.FromMinutes(5) };
        for (var attempts = 1; attempts <= 40; attempts++)
        {
            var naive = Math.Min(1500 * Math.Pow(2, attempts - 1), 300_000);
            Assert.Equal(TimeSpan.FromMilliseconds(naive), NotificationPublisher.RetryDelay(o, attempts));
        }
    }

    [Fact]
    public void The_signature_is_hmac_sha256_over_timestamp_dot_body_and_changes_with_any_byte()
    {
        var random = new Random(20250310);
        var body = new byte[300];
        random.NextBytes(body);
        var secret = WebhookSignature.NewSecret();
        Assert.Matches("^whsec_[A-Za-z0-9_-]{43}$", secret);

        var expected = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(secret), (byte[])[.. "1741608000."u8, .. body]));
        Assert.Equal(expected, WebhookSignature.Compute(secret, 1741608000, body));
        Assert.NotEqual(expected, WebhookSignature.Compute(secret, 1741608001, body));
        body[random.Next(body.Length)] ^= 1;
        Assert.NotEqual(expected, WebhookSignature.Compute(secret, 1741608000, body));
    }

    [Fact]
    public void Options_refuse_out_of_range_values_naming_the_setting()
    {
        Assert.Contains("Notifications:MaxAttempts", Assert.Throws<ArgumentException>(() => new NotificationOptions { MaxAttempts = 0 }.Validate()).Message,
            StringComparison.Ordinal);
        Assert.Contains("Notifications:Smtp:UseTls", Assert.Throws<ArgumentException>(() => new NotificationOptions { Smtp = { UseTls = "maybe" } }.Validate()).Message,
            StringComparison.Ordinal);
        new NotificationOptions().Validate();
    }
}
