using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using EsmCacheCluster.Client;
using EsmCacheCluster.Records;
using EsmCacheCluster.Format;
using EsmCacheCluster.Grains.Interfaces;
using Orleans.Concurrency;

namespace EsmCacheCluster.Tests.Cluster;

/// <summary>
/// Mutual TLS on a published silo's gateway, with certificates made here (a CA, the silo's, clients' from that CA
/// and from another): no certificate, or one from another CA, is refused; a good one works, from .NET and from
/// <c>esmcache scan --cluster</c>.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class TlsTests : IDisposable
{
    private readonly TempDirectory _files = new();
    private readonly TempDirectory _storage = new();

    [Fact]
    public async Task The_gateway_refuses_clients_without_a_certificate_of_its_ca_and_serves_those_with_one()
    {
        using var ca = Authority("esmcache test CA");
        using var stranger = Authority("some other CA");
        string caFile = WritePem("ca.pem", ca);
        var (siloCert, siloKey) = Issue(ca, "silo");
        var (clientCert, clientKey) = Issue(ca, "build-agent");
        var (strangerCert, strangerKey) = Issue(stranger, "intruder");

        using var silo = await StartTlsSiloAsync(siloCert, siloKey, caFile);
        IReadOnlyList<System.Net.IPEndPoint> gateway = [new(System.Net.IPAddress.Loopback, silo.GatewayPort)];

        await Assert.ThrowsAnyAsync<Exception>(async () => await UseAsync(gateway, tls: null));
        await Assert.ThrowsAnyAsync<Exception>(async () => await UseAsync(gateway, ClusterTls.Load(strangerCert, strangerKey, caFile)));

        var record = await UseAsync(gateway, ClusterTls.Load(clientCert, clientKey, caFile));
        Assert.Equal(["./dep.js"], record.RequestedModules.Select(m => m.Specifier));

        // The CLI over TLS: records come from the cluster, nothing falls back.
        using var tree = new TempDirectory();
        tree.Write("src/main.js", "import { x } from './x.js';\nexport default x;\n");
        tree.Write("src/x.js", "export const x = 1;\n");
        using var cache = new TempDirectory();
        var scan = ChildProcess.Run("env", ["ESMCACHE_DAEMON=off", "dotnet", RepoPaths.Cli, "scan", tree.Path, "--json", "--cache-dir", cache.Path,
            "--cluster", $"127.0.0.1:{silo.GatewayPort}", "--tls-cert", clientCert, "--tls-key", clientKey, "--tls-ca", caFile], TimeSpan.FromMinutes(2));
        Assert.True(scan.ExitCode == 0, scan.Errors);
        using var json = JsonDocument.Parse(scan.Output);
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(2, summary.GetProperty("generated").GetInt32());
        Assert.DoesNotContain("fall", scan.Errors, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        _files.Dispose();
        _storage.Dispose();
    }

    [Fact]
    public async Task The_silo_port_admits_silos_certificates_and_refuses_an_agents_from_the_same_ca()
    {
        using var ca = Authority("esmcache test CA");
        string caFile = WritePem("ca.pem", ca);
        var (siloCert, siloKey) = Issue(ca, "silo");
        var (agentCert, agentKey) = Issue(ca, "agent", clientOnly: true);
        using var silo = await StartTlsSiloAsync(siloCert, siloKey, caFile);

        // An agent's certificate (clientAuth only) completes the handshake, then the silo drops the connection.
        Assert.True(await ClosedBySiloAsync(silo.SiloPort, ClusterTls.Load(agentCert, agentKey, caFile), TimeSpan.FromSeconds(30)),
            "the silo-to-silo port kept a connection from an agent's certificate");

        // A silo's certificate: the connection stays, waiting for the Orleans handshake the test never sends.
        Assert.False(await ClosedBySiloAsync(silo.SiloPort, ClusterTls.Load(siloCert, siloKey, caFile), TimeSpan.FromSeconds(2)),
            "the silo-to-silo port dropped a connection from a silo's certificate");
    }

    /// <summary>A published silo that requires mutual TLS with <paramref name="certificate"/> and the CA of <paramref name="authorities"/>, ready.</summary>
    private async Task<PublishedSilo> StartTlsSiloAsync(string certificate, string key, string authorities)
    {
        var silo = PublishedSilo.Start(new Dictionary<string, string>
        {
            ["EsmCache__StoragePath"] = _storage.Path,
            ["EsmCache__Tls__CertificatePath"] = certificate,
            ["EsmCache__Tls__KeyPath"] = key,
            ["EsmCache__Tls__AuthoritiesPath"] = authorities,
        });
        try
        {
            await silo.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
            return silo;
        }
        catch
        {
            silo.Dispose();
            throw;
        }
    }

    /// <summary>Opens TLS to <paramref name="port"/> with <paramref name="tls"/>'s certificate: whether the silo closes it within <paramref name="wait"/>.</summary>
    private static async Task<bool> ClosedBySiloAsync(int port, ClusterTls tls, TimeSpan wait)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, port);
        await using var stream = new System.Net.Security.SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        await stream.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions
        {
            TargetHost = "esmcache",
            ClientCertificates = [tls.Certificate],
            RemoteCertificateValidationCallback = (_, silo, _, _) => silo is X509Certificate2 certificate && tls.Trusts(certificate),
            ApplicationProtocols = [new System.Net.Security.SslApplicationProtocol("Orleans1")],
        });
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await stream.ReadAsync(new byte[1], timeout.Token) == 0;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static async Task<ModuleRecord> UseAsync(IReadOnlyList<System.Net.IPEndPoint> gateway, ClusterTls? tls)
    {
        await using var connection = await ClusterConnection.ConnectAsync(gateway, connectTimeout: TimeSpan.FromSeconds(10), tls: tls);
        var source = "import { d } from './dep.js';\nexport default d;\n"u8.ToArray();
        var grain = connection.Client.GetGrain<IModuleCacheGrain>(ModuleKey.Of(ContentHash.Compute(source)));
        return (await grain.GetOrAddAsync(source.AsImmutable())).Record;
    }

    private static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>
    /// A certificate signed by <paramref name="authority"/> for both ends of a connection (or, <paramref name="clientOnly"/>,
    /// for the client end only, as a build agent's); its PEM certificate and key files.
    /// </summary>
    private (string Certificate, string Key) Issue(X509Certificate2 authority, string name, bool clientOnly = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(clientOnly
            ? new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], critical: false)
            : new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        var sans = new SubjectAlternativeNameBuilder();
        sans.AddDnsName("esmcache");
        request.CertificateExtensions.Add(sans.Build());
        using var certificate = request.Create(authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(16));
        string certificateFile = WritePem($"{name}.pem", certificate);
        string keyFile = Path.Combine(_files.Path, $"{name}.key");
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certificateFile, keyFile);
    }

    private string WritePem(string name, X509Certificate2 certificate)
    {
        string path = Path.Combine(_files.Path, name);
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }
}
