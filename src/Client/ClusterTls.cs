using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace EsmCacheCluster.Client;

/// <summary>
/// Mutual TLS for the cluster's connections (silo to silo, client to gateway): this side's certificate, and the
/// certificate authorities whose certificates the other side must present. Peers are identified by their CA, not
/// by name: silos connect to each other by pod IP, which certificates rarely name. Revocation is not checked (a
/// private CA for one cluster; rotate the CA to revoke).
/// </summary>
public sealed class ClusterTls
{
    private ClusterTls(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        Certificate = certificate;
        Authorities = authorities;
    }

    /// <summary>This side's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CAs a peer's certificate must chain to.</summary>
    public X509Certificate2Collection Authorities { get; }

    /// <summary>
    /// Loads PEM files (<paramref name="certificatePath"/> with <paramref name="keyPath"/>, or one file holding both)
    /// or a PKCS#12 file (no <paramref name="keyPath"/>), and the CA certificates of <paramref name="authoritiesPath"/>
    /// (PEM, one or more). Throws <see cref="ArgumentException"/> naming the file and what is wrong with it.
    /// </summary>
    public static ClusterTls Load(string certificatePath, string? keyPath, string authoritiesPath)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = certificatePath.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || certificatePath.EndsWith(".p12", StringComparison.OrdinalIgnoreCase)
                ? X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password: null)
                : X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"TLS certificate {certificatePath}{(keyPath is null ? "" : $" with key {keyPath}")}: {e.Message}", e);
        }

        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException($"TLS certificate {certificatePath}: no private key (give the key file too)");
        }

        // Linux's TLS stack wants an ephemeral PEM key exported and re-imported to use it for a server.
        if (OperatingSystem.IsLinux() && keyPath is not null)
        {
            certificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
        }

        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(authoritiesPath);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"TLS certificate authorities {authoritiesPath}: {e.Message}", e);
        }

        return authorities.Count > 0 ? new ClusterTls(certificate, authorities) : throw new ArgumentException($"TLS certificate authorities {authoritiesPath}: no certificate in it");
    }

    /// <summary>From <c>ESMCACHE_TLS_CERT</c>, <c>ESMCACHE_TLS_KEY</c> and <c>ESMCACHE_TLS_CA</c> (or the given paths, which win); null when no certificate is named.</summary>
    public static ClusterTls? FromEnvironment(string? certificatePath = null, string? keyPath = null, string? authoritiesPath = null) =>
        FromSettings(Environment.GetEnvironmentVariable, certificatePath, keyPath, authoritiesPath);

    /// <summary>As <see cref="FromEnvironment"/>, with the variables read through <paramref name="variable"/> (a command's own environment).</summary>
    public static ClusterTls? FromSettings(Func<string, string?> variable, string? certificatePath = null, string? keyPath = null, string? authoritiesPath = null)
    {
        certificatePath ??= variable("ESMCACHE_TLS_CERT");
        if (string.IsNullOrWhiteSpace(certificatePath))
        {
            return null;
        }

        keyPath ??= variable("ESMCACHE_TLS_KEY") is { Length: > 0 } key ? key : null;
        authoritiesPath ??= variable("ESMCACHE_TLS_CA");
        return Load(certificatePath, keyPath, string.IsNullOrWhiteSpace(authoritiesPath)
            ? throw new ArgumentException("a TLS certificate needs the certificate authorities that sign the cluster's (--tls-ca or ESMCACHE_TLS_CA)")
            : authoritiesPath);
    }

    /// <summary>Requires a certificate from the other side, for connections in both directions, and accepts only one signed by <see cref="Authorities"/>.</summary>
    public void Apply(TlsOptions options)
    {
        options.LocalCertificate = Certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.CheckCertificateRevocation = false;
        options.RemoteCertificateValidation = (certificate, _, errors) => Trusts(certificate, errors);
        options.OnAuthenticateAsClient = (_, client) => client.TargetHost = "esmcache";
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> may serve TLS: it names no extended key usage (any purpose) or lists
    /// serverAuth. A silo's certificate must (silos accept connections); a build agent's, issued for clientAuth only,
    /// does not, which is how the silo-to-silo port tells an agent from a silo when one CA signs both.
    /// </summary>
    public static bool AllowsServerAuth(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509EnhancedKeyUsageExtension usages)
            {
                foreach (var usage in usages.EnhancedKeyUsages)
                {
                    if (usage.Value == ServerAuthOid)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        return true;
    }

    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>Whether <paramref name="certificate"/> chains to one of <see cref="Authorities"/> (its name is not checked, see the class).</summary>
    public bool Trusts(X509Certificate2? certificate, SslPolicyErrors errors = SslPolicyErrors.None)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
