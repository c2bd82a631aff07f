using System.Text;
using Crema.Core.Identity;

namespace Crema.Core.Tests.Identity;

public class Base32Tests
{
    // RFC 4648 section 10, without the padding this encoder leaves out.
    [Theory]
    [InlineData("", "")]
    [InlineData("f", "MY")]
    [InlineData("fo", "MZXQ")]
    [InlineData("foo", "MZXW6")]
    [InlineData("foob", "MZXW6YQ")]
    [InlineData("fooba", "MZXW6YTB")]
    [InlineData("foobar", "MZXW6YTBOI")]
    public void Encodes_rfc4648_vectors(string plain, string encoded)
    {
        Assert.Equal(encoded, Base32.Encode(Encoding.ASCII.GetBytes(plain)));
        Assert.True(Base32.TryDecode(encoded, out var decoded));
        Assert.Equal(plain, Encoding.ASCII.GetString(decoded));
    }

    [Theory]
    [InlineData("MZXW6YQ=", "foob")]
    [InlineData("mzxw6ytboi======", "foobar")]
    [InlineData("mzxw 6ytb oi", "foobar")]
    [InlineData("MZXW-6YTB-OI", "foobar")]
    public void Decodes_leniently_case_padding_and_spaces(string text, string plain)
    {
        Assert.True(Base32.TryDecode(text, out var decoded));
        Assert.Equal(plain, Encoding.ASCII.GetString(decoded));
    }

    [Theory]
    [InlineData("MZXW1")]    // '1' is not in the alphabet
    [InlineData("M")]        // one symbol cannot hold a byte
    [InlineData("MZX")]
    [InlineData("MZXW6Y")]
    [InlineData("MY==MY")]   // data after padding
    public void Refuses_invalid_text(string text)
    {
        Assert.False(Base32.TryDecode(text, out var decoded));
        Assert.Empty(decoded);
    }

    [Fact]
    public void Round_trips_random_bytes_of_every_length()
    {
        var random = new Random(4648);
        for (var length = 0; length < 80; length++)
        {
            for (var trial = 0; trial < 20; trial++)
            {
                var bytes = new byte[length];
                random.NextBytes(bytes);
                var text = Base32.Encode(bytes);
                Assert.Equal((length * 8 + 4) / 5, text.Length);
                Assert.True(Base32.TryDecode(trial % 2 == 0 ? text : text.ToLowerInvariant(), out var back));
                Assert.Equal(bytes, back);
            }
        }
    }
}
