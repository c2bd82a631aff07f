using System.Security.Cryptography;
using System.Text;
using Crema.Core.Audit;

namespace Crema.Core.Tests.Audit;

public class AuditHashTests
{
    [Fact]
    public void Chain_is_sha256_of_prefix_previous_newline_body()
    {
        var rng = new Random(7);
        var previous = AuditHash.Genesis;
        for (var i = 1; i <= 50; i++)
        {
            var body = AuditEventCodec.Serialize(AuditTestData.RandomEvent(rng, i));
            var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("crema-audit-v1\n" + previous + "\n" + body)));
            var actual = AuditHash.Chain(previous, body);
            Assert.Equal(expected, actual);
            Assert.True(AuditHash.IsHash(actual));
            previous = actual;
        }
    }

    [Fact]
    public void Genesis_is_64_zeros_and_hex_round_trips()
    {
        Assert.Equal(new string('0', 64), AuditHash.Genesis);
        var bytes = new byte[32];
        new Random(3).NextBytes(bytes);
        Assert.Equal(bytes, AuditHash.FromHex(AuditHash.ToHex(bytes)));
        Assert.Equal(AuditHash.ToHex(bytes), AuditHash.ToHex(AuditHash.FromHex(AuditHash.ToHex(bytes).ToUpperInvariant())));
        Assert.Throws<FormatException>(() => AuditHash.FromHex("abc"));
        Assert.False(AuditHash.IsHash(AuditHash.ToHex(bytes).ToUpperInvariant()));
    }
}
