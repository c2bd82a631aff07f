using System.Diagnostics;
using Crema.Core.Identity;
using Xunit.Abstractions;

namespace Crema.Core.Tests.Identity;

public class PasswordHasherTests(ITestOutputHelper output)
{
    [Fact]
    public void Hash_has_the_phc_argon2id_shape_with_owasp_parameters()
    {
        var phc = PasswordHasher.Hash("correct horse battery");
        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", phc, StringComparison.Ordinal);
        var parts = phc.Split('$');
        Assert.Equal(6, parts.Length);
        Assert.Equal(16, Convert.FromBase64String(Pad(parts[4])).Length);
        Assert.Equal(32, Convert.FromBase64String(Pad(parts[5])).Length);
        Assert.DoesNotContain('=', parts[4] + parts[5]);
    }

    [Fact]
    public void Verifies_the_right_password_and_refuses_a_wrong_one()
    {
        var sw = Stopwatch.StartNew();
        var phc = PasswordHasher.Hash("Espresso-Machine-42");
        output.WriteLine($"one Hash took {sw.Elapsed.TotalMilliseconds:F1} ms");
        Assert.True(PasswordHasher.Verify("Espresso-Machine-42", phc));
        Assert.False(PasswordHasher.Verify("espresso-Machine-42", phc));
        Assert.False(PasswordHasher.Verify("Espresso-Machine-4", phc));
        Assert.False(PasswordHasher.Verify("", phc));
    }

    [Fact]
    public void Same_password_gets_a_different_salt_each_time()
    {
        var a = PasswordHasher.Hash("same password twice");
        var b = PasswordHasher.Hash("same password twice");
        Assert.NotEqual(a, b);
        Assert.True(PasswordHasher.Verify("same password twice", b));
    }

    [Fact]
    public void Unicode_passwords_round_trip()
    {
        var phc = PasswordHasher.Hash("Kaffeemühle ☕ grün");
        Assert.True(PasswordHasher.Verify("Kaffeemühle ☕ grün", phc));
        Assert.False(PasswordHasher.Verify("Kaffeemuhle ☕ grun", phc));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a hash")]
    [InlineData("$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$argon2id$v=18$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$argon2id$v=19$m=19456,t=2$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=4$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$argon2id$v=19$m=99999999,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$argon2id$v=19$m=19456,t=x,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$!!!")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g$extra")]
    [InlineData("$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$argon2id$v=19$m=19456,m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    public void Malformed_strings_verify_false_without_throwing_and_need_rehash(string phc)
    {
        Assert.False(PasswordHasher.Verify("anything at all", phc));
        Assert.True(PasswordHasher.NeedsRehash(phc));
    }

    [Fact]
    public void Null_inputs_verify_false()
    {
        Assert.False(PasswordHasher.Verify(null!, PasswordHasher.Hash("x")));
        Assert.False(PasswordHasher.Verify("x", null!));
    }

    [Fact]
    public void Hash_made_with_other_parameters_still_verifies_but_needs_rehash()
    {
        // Re-derive with weaker, explicit parameters through the same PHC layout, as an old release would have stored.
        var current = PasswordHasher.Hash("older parameters here");
        Assert.False(PasswordHasher.NeedsRehash(current));

        var salt = new byte[16];
        new Random(7).NextBytes(salt);
        var algorithm = NSec.Cryptography.PasswordBasedKeyDerivationAlgorithm.Argon2id(
            new NSec.Cryptography.Argon2Parameters { DegreeOfParallelism = 1, MemorySize = 8192, NumberOfPasses = 3 });
        var hash = algorithm.DeriveBytes(System.Text.Encoding.UTF8.GetBytes("older parameters here"), salt, 32);
        var old = $"$argon2id$v=19$m=8192,t=3,p=1${B64(salt)}${B64(hash)}";

        Assert.True(PasswordHasher.Verify("older parameters here", old));
        Assert.False(PasswordHasher.Verify("older parameters hers", old));
        Assert.True(PasswordHasher.NeedsRehash(old));
    }

    [Fact]
    public void Tampered_hash_byte_fails_verification()
    {
        var phc = PasswordHasher.Hash("tamper with me please");
        var parts = phc.Split('$');
        var hash = Convert.FromBase64String(Pad(parts[5]));
        hash[^1] ^= 1;
        parts[5] = B64(hash);
        Assert.False(PasswordHasher.Verify("tamper with me please", string.Join('$', parts)));
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static string Pad(string s) => s + new string('=', (4 - s.Length % 4) % 4);
}
