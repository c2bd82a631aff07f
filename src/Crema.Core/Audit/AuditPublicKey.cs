using System.Security.Cryptography;

namespace Crema.Core.Audit;

/// <summary>A trusted digest-verifying key (ECDSA P-256); holds only the public key bytes, so nothing to dispose.</summary>
public sealed class AuditPublicKey
{
    private readonly byte[] _spki;

    private AuditPublicKey(byte[] spki)
    {
        _spki = spki;
        KeyId = KeyIdOf(spki);
        PublicKeyPem = PemEncoding.WriteString("PUBLIC KEY", spki);
    }

    /// <summary>First 16 hex digits of SHA-256 of the SubjectPublicKeyInfo DER.</summary>
    public string KeyId { get; }

    public string PublicKeyPem { get; }

    /// <summary>Reads a "-----BEGIN PUBLIC KEY-----" PEM; refuses anything but an EC P-256 key.</summary>
    public static AuditPublicKey FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        using var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return FromKey(key);
    }

    /// <summary>Reads a SubjectPublicKeyInfo DER; refuses anything but an EC P-256 key.</summary>
    public static AuditPublicKey FromSpki(ReadOnlySpan<byte> spki)
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(spki, out _);
        return FromKey(key);
    }

    /// <summary>True when the base64 P1363 signature over data is this key's; false on any malformed input.</summary>
    public bool Verify(ReadOnlySpan<byte> data, string signatureBase64)
    {
        if (string.IsNullOrEmpty(signatureBase64))
        {
            return false;
        }

        var signature = new byte[(signatureBase64.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(signatureBase64, signature, out var length) || length != 64)
        {
            return false;
        }

        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(_spki, out _);
        return key.VerifyData(data, signature.AsSpan(0, length), HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    internal static bool IsP256(ECDsa key) =>
        key.KeySize == 256 && key.ExportParameters(false).Curve.Oid?.Value == "1.2.840.10045.3.1.7";

    internal static string KeyIdOf(ReadOnlySpan<byte> spki) => AuditHash.ToHex(SHA256.HashData(spki))[..16];

    private static AuditPublicKey FromKey(ECDsa key)
    {
        if (!AuditPublicKey.IsP256(key))
        {
            throw new CryptographicException("An audit public key must be ECDSA P-256.");
        }

        return new AuditPublicKey(key.ExportSubjectPublicKeyInfo());
    }
}
