using System.Text.Json.Nodes;
using Crema.Core.Identity;

namespace Crema.Core.Tests.Identity;

public class SecretRedactorTests
{
    [Fact]
    public void Masks_secret_keys_at_any_depth_and_leaves_the_rest()
    {
        var input = JsonNode.Parse("""
        {
          "userName": "alice",
          "Password": "hunter2hunter2",
          "new_password": "x",
          "current-password": "y",
          "totpCode": "123456",
          "recoveryCodes": ["abcde-fghjk", "mnpqr-stuvw"],
          "mfa": { "mfaSecret": "GEZDGNBV", "enabled": true },
          "keys": [ { "id": "CK1", "secretAccessKey": "s3cr3t" }, { "id": "CK2", "SECRET_ACCESS_KEY": "s" } ],
          "dbPassword": "p", "webhookSecret": "w", "refreshToken": "r", "apiKey": "k", "privateKey": "pk",
          "cookie": "a=b", "authorization": "Bearer x", "csrf_token": "c", "code": "654321",
          "nothing": null,
          "metricName": "Latency", "value": 3.5
        }
        """)!.AsObject();
        var original = input.ToJsonString();

        var redacted = SecretRedactor.Redact(input)!;

        Assert.Equal(original, input.ToJsonString()); // the input is not modified
        Assert.Equal("alice", (string?)redacted["userName"]);
        Assert.Equal("Latency", (string?)redacted["metricName"]);
        Assert.Equal(3.5, (double?)redacted["value"]);
        Assert.True((bool?)redacted["mfa"]!["enabled"]);
        Assert.Equal("CK1", (string?)redacted["keys"]![0]!["id"]);
        Assert.Null(redacted["nothing"]);
        foreach (var key in new[] { "Password", "new_password", "current-password", "totpCode", "recoveryCodes", "dbPassword", "webhookSecret", "refreshToken", "apiKey", "privateKey", "cookie", "authorization", "csrf_token", "code" })
            Assert.Equal("***", (string?)redacted[key]);
        Assert.Equal("***", (string?)redacted["mfa"]!["mfaSecret"]);
        Assert.Equal("***", (string?)redacted["keys"]![0]!["secretAccessKey"]);
        Assert.Equal("***", (string?)redacted["keys"]![1]!["SECRET_ACCESS_KEY"]);
        var text = redacted.ToJsonString();
        foreach (var secret in new[] { "hunter2", "123456", "GEZDGNBV", "s3cr3t", "abcde-fghjk", "Bearer" })
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_stays_null()
    {
        Assert.Null(SecretRedactor.Redact(null));
    }

    [Theory]
    [InlineData("Authorization", "Bearer abc.def", "Bearer ***")]
    [InlineData("authorization", "Basic Q0sxOnNlY3JldA==", "Basic ***")]
    [InlineData("Authorization", "opaque", "***")]
    [InlineData("Cookie", "crema_session=abc; theme=dark", "crema_session=***; theme=***")]
    [InlineData("Set-Cookie", "crema_session=abc; Path=/; HttpOnly", "crema_session=***; Path=/; HttpOnly")]
    [InlineData("X-Api-Key", "k", "***")]
    [InlineData("X-CSRF-Token", "t", "***")]
    [InlineData("Content-Type", "application/json", "application/json")]
    [InlineData("User-Agent", "Prometheus/2.42.0", "Prometheus/2.42.0")]
    public void Redacts_secret_headers(string name, string value, string expected)
    {
        Assert.Equal(expected, SecretRedactor.RedactHeader(name, value));
    }
}
