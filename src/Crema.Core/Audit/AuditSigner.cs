using System.Security.Cryptography;

namespace Crema.Core.Audit;

/// <summary>The digest signing key: ECDSA P-256 with SHA-256, signatures in IEEE P1363 form (r || s), base64.</summary>
public sealed class AuditSigner : IDisposable
{
    private readonly ECDsa _key;
    private readonly byte[] _spki;

    private AuditSigner(ECDsa key)
    {
        _key = key;
        _spki = key.ExportSubjectPublicKeyInfo();
        KeyId = AuditPublicKey.KeyIdOf(_spki);
        PublicKeyPem = PemEncoding.WriteString("PUBLIC KEY", _spki);
    }

    /// <summary>First 16 hex digits of SHA-256 of the SubjectPublicKeyInfo DER.</summary>
    public string KeyId { get; }

    /// <summary>The public key as a SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----").</summary>
    public string PublicKeyPem { get; }

    /// <summary>The verifying half of this key.</summary>
    public AuditPublicKey PublicKey => AuditPublicKey.FromSpki(_spki);

    public static AuditSigner Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Loads a PKCS#8 private key; refuses any curve but P-256.</summary>
    public static AuditSigner FromPkcs8(ReadOnlySpan<byte> pkcs8)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportPkcs8PrivateKey(pkcs8, out _);
            if (!AuditPublicKey.IsP256(key))
            {
                throw new CryptographicException("The audit signing key must be ECDSA P-256.");
            }

            return new AuditSigner(key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public byte[] ExportPkcs8() => _key.ExportPkcs8PrivateKey();

    /// <summary>Signs data (SHA-256, P1363 r||s) and returns base64.</summary>
    public string Sign(ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(_key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    public void Dispose() => _key.Dispose();
}
