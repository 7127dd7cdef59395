namespace EsmCacheCluster.Hosting;

/// <summary>
/// Mutual TLS on the silo port and the gateway (<c>EsmCache:Tls:*</c>; in Kubernetes, files of the Secret). With a
/// certificate set, every connection in either direction must present a certificate signed by one of the CAs of
/// <see cref="AuthoritiesPath"/>: other silos, <c>esmcache --cluster</c> with <c>--tls-cert</c>, .NET clients with
/// <c>ClusterTls</c>.
/// </summary>
public sealed class TlsSettings
{
    /// <summary>This silo's certificate: PEM (with <see cref="KeyPath"/>, or the key in the same file) or PKCS#12 (.pfx, .p12).</summary>
    public string? CertificatePath { get; set; }

    public string? KeyPath { get; set; }

    /// <summary>PEM file of the CA certificates a peer's certificate must chain to.</summary>
    public string? AuthoritiesPath { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);
}
