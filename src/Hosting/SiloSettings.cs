using System.Net;
using EsmCacheCluster.Grains;

namespace EsmCacheCluster.Hosting;

/// <summary>
/// A silo's configuration, section <c>EsmCache</c> (appsettings.json, or environment variables such as
/// <c>EsmCache__Storage=AzureBlob</c>). The defaults make a one-machine silo with blobs in the user's cache folder.
/// </summary>
public sealed class SiloSettings
{
    public const string Section = "EsmCache";

    public string ClusterId { get; set; } = "esmcache";

    public string ServiceId { get; set; } = "esmcache";

    /// <summary><c>Localhost</c> (one machine, the default) or <c>AzureTable</c> (membership in Azure Table Storage).</summary>
    public ClusteringKind Clustering { get; set; } = ClusteringKind.Localhost;

    /// <summary>Connection string of the Azure Storage account for <c>AzureTable</c> clustering.</summary>
    public string? ClusteringConnectionString { get; set; }

    /// <summary><c>LocalFolder</c> (the default) or <c>AzureBlob</c>.</summary>
    public StorageKind Storage { get; set; } = StorageKind.LocalFolder;

    /// <summary>Folder of the <c>LocalFolder</c> storage; default <c>$XDG_CACHE_HOME/esmcache</c>.</summary>
    public string? StoragePath { get; set; }

    /// <summary>Connection string of the Azure Storage account for <c>AzureBlob</c> storage.</summary>
    public string? StorageConnectionString { get; set; }

    public string StorageContainer { get; set; } = "bmes";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this silo at; default 127.0.0.1 (pods set their IP).</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Listen on all interfaces (containers) instead of the advertised address only.</summary>
    public bool ListenOnAnyAddress { get; set; }

    /// <summary>How long a call may take before it fails; lower than Orleans' 30 s so callers fall back sooner.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Module grains idle this long are deactivated (their blobs stay in storage).</summary>
    public TimeSpan IdleCollectionAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Node binaries (pinned official builds) whose compile cache entries this silo makes; each is probed at start.</summary>
    public string[] NodeRuntimes { get; set; } = [];

    public ModuleCacheOptions Cache { get; set; } = new();

    /// <summary>How long and how much storage keeps (the shared silo's sweeper; not the embedded silo's folder).</summary>
    public RetentionOptions Retention { get; set; } = new();

    /// <summary>Port of the HTTP endpoint: health probes (/healthz/live, /healthz/ready) and metrics (/metrics).</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>Address the HTTP endpoint listens on; 0.0.0.0 in containers so probes and scrapers reach it.</summary>
    public string HttpAddress { get; set; } = "127.0.0.1";

    /// <summary>Mutual TLS for silo-to-silo and gateway connections; off unless a certificate is set.</summary>
    public TlsSettings Tls { get; set; } = new();

    /// <summary>The HTTP API's tokens and rate limit.</summary>
    public HttpApiSettings Http { get; set; } = new();

    /// <summary>Serve the Orleans Dashboard at /dashboard (off by default).</summary>
    public bool DashboardEnabled { get; set; }

    /// <summary>Bearer token the dashboard requires; mandatory unless the HTTP endpoint listens on loopback only.</summary>
    public string? DashboardToken { get; set; }

    /// <summary>How long a stopping silo may take to hand its grains over; the pod's grace period must be longer.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Every problem with the settings, each naming the setting; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate() => SiloSettingsValidator.Problems(this);
}
