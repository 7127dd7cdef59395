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
    public string Clustering { get; set; } = "Localhost";

    /// <summary>Connection string of the Azure Storage account for <c>AzureTable</c> clustering.</summary>
    public string? ClusteringConnectionString { get; set; }

    /// <summary><c>LocalFolder</c> (the default) or <c>AzureBlob</c>.</summary>
    public string Storage { get; set; } = "LocalFolder";

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

    public ModuleCacheOptions Cache { get; set; } = new();

    /// <summary>Port of the HTTP endpoint: health probes (/healthz/live, /healthz/ready) and metrics (/metrics).</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>Address the HTTP endpoint listens on; 0.0.0.0 in containers so probes and scrapers reach it.</summary>
    public string HttpAddress { get; set; } = "127.0.0.1";

    /// <summary>Serve the Orleans Dashboard at /dashboard (off by default).</summary>
    public bool DashboardEnabled { get; set; }

    /// <summary>Bearer token the dashboard requires; mandatory unless the HTTP endpoint listens on loopback only.</summary>
    public string? DashboardToken { get; set; }

    /// <summary>How long a stopping silo may take to hand its grains over; the pod's grace period must be longer.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Every problem with the settings, each naming the setting; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Clustering is not ("Localhost" or "AzureTable"))
        {
            problems.Add($"{Section}:Clustering is '{Clustering}'; expected Localhost or AzureTable.");
        }

        if (Clustering == "AzureTable" && string.IsNullOrWhiteSpace(ClusteringConnectionString))
        {
            problems.Add($"{Section}:ClusteringConnectionString is required when {Section}:Clustering is AzureTable.");
        }

        if (Storage is not ("LocalFolder" or "AzureBlob"))
        {
            problems.Add($"{Section}:Storage is '{Storage}'; expected LocalFolder or AzureBlob.");
        }

        if (Storage == "AzureBlob" && string.IsNullOrWhiteSpace(StorageConnectionString))
        {
            problems.Add($"{Section}:StorageConnectionString is required when {Section}:Storage is AzureBlob.");
        }

        if (!IPAddress.TryParse(AdvertisedAddress, out _))
        {
            problems.Add($"{Section}:AdvertisedAddress '{AdvertisedAddress}' is not an IP address.");
        }

        foreach (var (name, port) in (ReadOnlySpan<(string, int)>)[("SiloPort", SiloPort), ("GatewayPort", GatewayPort)])
        {
            if (port is < 1 or > 65535)
            {
                problems.Add($"{Section}:{name} {port} is not a TCP port (1-65535).");
            }
        }

        if (HttpPort is < 1 or > 65535)
        {
            problems.Add($"{Section}:HttpPort {HttpPort} is not a TCP port (1-65535).");
        }

        if (!IPAddress.TryParse(HttpAddress, out var http))
        {
            problems.Add($"{Section}:HttpAddress '{HttpAddress}' is not an IP address.");
        }
        else if (DashboardEnabled && !IPAddress.IsLoopback(http) && string.IsNullOrWhiteSpace(DashboardToken))
        {
            problems.Add($"{Section}:DashboardToken is required when {Section}:DashboardEnabled is true and {Section}:HttpAddress is not loopback: the dashboard is never served unauthenticated.");
        }

        if (ShutdownTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:ShutdownTimeout must be positive.");
        }

        if (ResponseTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:ResponseTimeout must be positive.");
        }

        if (IdleCollectionAge < TimeSpan.FromMinutes(1))
        {
            problems.Add($"{Section}:IdleCollectionAge must be at least 1 minute (Orleans' minimum).");
        }

        if (Cache.MaxSourceBytes <= 0)
        {
            problems.Add($"{Section}:Cache:MaxSourceBytes must be positive.");
        }

        if (Cache.MaxHeldBytes <= 0)
        {
            problems.Add($"{Section}:Cache:MaxHeldBytes must be positive.");
        }

        if (Cache.RecordCacheBytes <= 0)
        {
            problems.Add($"{Section}:Cache:RecordCacheBytes must be positive.");
        }

        if (Cache.GenerationConcurrency <= 0)
        {
            problems.Add($"{Section}:Cache:GenerationConcurrency must be positive.");
        }

        return problems;
    }
}
