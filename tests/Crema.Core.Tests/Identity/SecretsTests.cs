using System.Buffers.Text;
using Crema.Core.Identity;

namespace Crema.Core.Tests.Identity;

public class SecretsTests
{
    [Fact]
    public void Access_key_ids_are_CK_and_18_base32_characters()
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 200; i++)
        {
            var id = Secrets.NewAccessKeyId();
            Assert.Equal(20, id.Length);
            Assert.StartsWith("CK", id, StringComparison.Ordinal);
            Assert.True(Base32.TryDecode(id[2..] + "AA", out _), id); // every character is in the alphabet
            Assert.Equal(id, id.ToUpperInvariant());
            Assert.True(seen.Add(id));
        }
    }

    [Fact]
    public void Secret_keys_and_session_tokens_are_base64url_of_the_stated_sizes()
    {
        var key = Secrets.NewSecretAccessKey();
        Assert.Equal(40, key.Length);
        Assert.Equal(30, Base64Url.DecodeFromChars(key).Length);
        var token = Secrets.NewSessionToken();
        Assert.Equal(43, token.Length);
        Assert.Equal(32, Base64Url.DecodeFromChars(token).Length);
        Assert.NotEqual(token, Secrets.NewSessionToken());
        Assert.DoesNotContain('+', key + token);
        Assert.DoesNotContain('/', key + token);
    }

    [Fact]
    public void Recovery_codes_are_distinct_unambiguous_and_normalize_back()
    {
        var codes = Secrets.NewRecoveryCodes();
        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());
        foreach (var code in codes)
        {
            Assert.Matches("^[a-z2-9]{5}-[a-z2-9]{5}$", code);
            Assert.DoesNotContain(code, c => c is '0' or '1' or 'o' or 'l' or 'i');
            Assert.Equal(code, Secrets.NormalizeRecoveryCode(code.ToUpperInvariant().Replace("-", " ", StringComparison.Ordinal)));
        }
        Assert.Equal(3, Secrets.NewRecoveryCodes(3).Count);
        Assert.Null(Secrets.NormalizeRecoveryCode("abcde-fghi"));
        Assert.Null(Secrets.NormalizeRecoveryCode("abcde-fghio"));
    }

    [Fact]
    public void Sha256Hex_matches_the_known_digest()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Secrets.Sha256Hex("abc"));
    }

    [Fact]
    public void FixedTimeEquals_compares_content()
    {
        Assert.True(Secrets.FixedTimeEquals("token-value", "token-value"));
        Assert.False(Secrets.FixedTimeEquals("token-value", "token-valuf"));
        Assert.False(Secrets.FixedTimeEquals("token-value", "token-valu"));
        Assert.False(Secrets.FixedTimeEquals(null, "x"));
    }
}
