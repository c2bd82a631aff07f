using Crema.Core.Audit;
using Crema.Server.Hosting;
using Microsoft.AspNetCore.DataProtection;

namespace Crema.Server.Audit;

/// <summary>
/// The server's digest-signing key (ECDSA P-256): made at first use, kept in keys/audit-signing.key
/// encrypted with the server's data-protection key; the public key is also written beside it as PEM.
/// </summary>
public sealed class AuditSigningKey(StorageHost storage, IDataProtectionProvider protection) : IDisposable
{
    private readonly Lock _lock = new();
    private AuditSigner? _signer;

    /// <summary>The signer (loaded or created on first use).</summary>
    public AuditSigner Signer
    {
        get
        {
            lock (_lock)
            {
                return _signer ??= LoadOrCreate();
            }
        }
    }

    /// <summary>The public key that verifies this server's digests.</summary>
    public AuditPublicKey PublicKey => Signer.PublicKey;

    public void Dispose() => _signer?.Dispose();

    private AuditSigner LoadOrCreate()
    {
        var protector = protection.CreateProtector("Crema.Audit.SigningKey.v1");
        var dir = Path.Combine(storage.DataDirectory, "keys");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "audit-signing.key");
        if (File.Exists(path))
        {
            return AuditSigner.FromPkcs8(protector.Unprotect(Convert.FromBase64String(File.ReadAllText(path).Trim())));
        }

        var signer = AuditSigner.Generate();
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, Convert.ToBase64String(protector.Protect(signer.ExportPkcs8())));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(tmp, path);
        File.WriteAllText(Path.Combine(storage.DataDirectory, "audit-public-key.pem"), signer.PublicKeyPem);
        return signer;
    }
}
