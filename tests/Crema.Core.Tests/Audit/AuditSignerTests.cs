using System.Security.Cryptography;
using System.Text;
using Crema.Core.Audit;

namespace Crema.Core.Tests.Audit;

public class AuditSignerTests
{
    [Fact]
    public void Signatures_verify_with_the_public_key_and_fail_when_data_or_key_differ()
    {
        using var signer = AuditSigner.Generate();
        using var other = AuditSigner.Generate();
        var data = Encoding.UTF8.GetBytes("digest body");
        var signature = signer.Sign(data);
        Assert.Equal(64, Convert.FromBase64String(signature).Length);

        var key = AuditPublicKey.FromPem(signer.PublicKeyPem);
        Assert.Equal(signer.KeyId, key.KeyId);
        Assert.True(key.Verify(data, signature));
        Assert.False(key.Verify(Encoding.UTF8.GetBytes("digest bodY"), signature));
        Assert.False(AuditPublicKey.FromPem(other.PublicKeyPem).Verify(data, signature));
        Assert.False(key.Verify(data, "not base64!"));
        Assert.False(key.Verify(data, ""));
        Assert.NotEqual(signer.KeyId, other.KeyId);
    }

    [Fact]
    public void Key_id_is_first_16_hex_of_sha256_of_spki_and_survives_pkcs8_round_trip()
    {
        using var signer = AuditSigner.Generate();
        var spki = PemEncoding.Find(signer.PublicKeyPem);
        var der = Convert.FromBase64String(signer.PublicKeyPem[spki.Base64Data]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(der))[..16], signer.KeyId);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", signer.PublicKeyPem, StringComparison.Ordinal);

        using var loaded = AuditSigner.FromPkcs8(signer.ExportPkcs8());
        Assert.Equal(signer.KeyId, loaded.KeyId);
        var data = new byte[] { 1, 2, 3 };
        Assert.True(signer.PublicKey.Verify(data, loaded.Sign(data)));
    }

    [Fact]
    public void Keys_on_other_curves_are_refused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Throws<CryptographicException>(() => AuditSigner.FromPkcs8(p384.ExportPkcs8PrivateKey()));
        Assert.Throws<CryptographicException>(() => AuditPublicKey.FromPem(p384.ExportSubjectPublicKeyInfoPem()));
    }
}
