using System.Net;
using Microsoft.Extensions.Options;

namespace EsmCacheCluster.Hosting;

/// <summary>Checks <see cref="SiloSettings"/> when the silo starts: every problem is named with its setting.</summary>
public sealed class SiloSettingsValidator : IValidateOptions<SiloSettings>
{
    private const string Section = SiloSettings.Section;

    public ValidateOptionsResult Validate(string? name, SiloSettings options)
    {
        var problems = Problems(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public static IReadOnlyList<string> Problems(SiloSettings settings)
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(settings.Clustering))
        {
            problems.Add($"{Section}:Clustering is '{settings.Clustering}'; expected {string.Join(" or ", Enum.GetNames<ClusteringKind>())}.");
        }

        if (settings.Clustering == ClusteringKind.AzureTable && string.IsNullOrWhiteSpace(settings.ClusteringConnectionString))
        {
            problems.Add($"{Section}:ClusteringConnectionString is required when {Section}:Clustering is AzureTable.");
        }

        if (!Enum.IsDefined(settings.Storage))
        {
            problems.Add($"{Section}:Storage is '{settings.Storage}'; expected {string.Join(" or ", Enum.GetNames<StorageKind>())}.");
        }

        if (settings.Storage == StorageKind.AzureBlob && string.IsNullOrWhiteSpace(settings.StorageConnectionString))
        {
            problems.Add($"{Section}:StorageConnectionString is required when {Section}:Storage is AzureBlob.");
        }

        if (!IPAddress.TryParse(settings.AdvertisedAddress, out _))
        {
            problems.Add($"{Section}:AdvertisedAddress '{settings.AdvertisedAddress}' is not an IP address.");
        }

        foreach (var node in settings.NodeRuntimes)
        {
            // Whether it runs is the probe's to say at start (a node that fails it is logged and not served).
            if (string.IsNullOrWhiteSpace(node) || !Path.IsPathFullyQualified(node))
            {
                problems.Add($"{Section}:NodeRuntimes has '{node}'; expected the absolute path of a node binary.");
            }
        }

        foreach (var (setting, port) in (ReadOnlySpan<(string, int)>)[("SiloPort", settings.SiloPort), ("GatewayPort", settings.GatewayPort), ("HttpPort", settings.HttpPort)])
        {
            if (port is < 1 or > 65535)
            {
                problems.Add($"{Section}:{setting} {port} is not a TCP port (1-65535).");
            }
        }

        if (!IPAddress.TryParse(settings.HttpAddress, out var http))
        {
            problems.Add($"{Section}:HttpAddress '{settings.HttpAddress}' is not an IP address.");
        }
        else if (settings.DashboardEnabled && !IPAddress.IsLoopback(http) && string.IsNullOrWhiteSpace(settings.DashboardToken))
        {
            problems.Add($"{Section}:DashboardToken is required when {Section}:DashboardEnabled is true and {Section}:HttpAddress is not loopback: the dashboard is never served unauthenticated.");
        }

        foreach (var (setting, tokens) in (ReadOnlySpan<(string, string[])>)[("ReadTokens", settings.Http.ReadTokens), ("WriteTokens", settings.Http.WriteTokens)])
        {
            foreach (var token in tokens)
            {
                if (token.Length < HttpApiSettings.MinTokenLength || token.Any(char.IsWhiteSpace))
                {
                    problems.Add($"{Section}:Http:{setting} has a token of {token.Length} characters; tokens need at least {HttpApiSettings.MinTokenLength}, without spaces.");
                }
            }
        }

        if (settings.Tls.Enabled)
        {
            if (string.IsNullOrWhiteSpace(settings.Tls.AuthoritiesPath))
            {
                problems.Add($"{Section}:Tls:AuthoritiesPath is required with {Section}:Tls:CertificatePath: the CAs whose certificates peers must present.");
            }
            else
            {
                try
                {
                    EsmCacheCluster.Client.ClusterTls.Load(settings.Tls.CertificatePath!, settings.Tls.KeyPath, settings.Tls.AuthoritiesPath);
                }
                catch (ArgumentException e)
                {
                    problems.Add($"{Section}:Tls: {e.Message}");
                }
            }
        }

        var retention = settings.Retention;
        if (retention.MaxAge <= TimeSpan.Zero || retention.SweepInterval < TimeSpan.FromSeconds(1) || retention.MinAge < TimeSpan.Zero || retention.MaxBytes is <= 0)
        {
            problems.Add($"{Section}:Retention: MaxAge and MaxBytes must be positive, SweepInterval at least 1 s, MinAge not negative.");
        }

        if (settings.Http.RequestsPerSecond <= 0 || settings.Http.Burst <= 0)
        {
            problems.Add($"{Section}:Http:RequestsPerSecond and {Section}:Http:Burst must be positive.");
        }

        if (settings.ShutdownTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:ShutdownTimeout must be positive.");
        }

        if (settings.ResponseTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:ResponseTimeout must be positive.");
        }

        if (settings.IdleCollectionAge < TimeSpan.FromMinutes(1))
        {
            problems.Add($"{Section}:IdleCollectionAge must be at least 1 minute (Orleans' minimum).");
        }

        var cache = settings.Cache;
        foreach (var (setting, value) in (ReadOnlySpan<(string, long)>)[
                     ("MaxSourceBytes", cache.MaxSourceBytes), ("MaxHeldBytes", cache.MaxHeldBytes),
                     ("RecordCacheBytes", cache.RecordCacheBytes), ("GenerationConcurrency", cache.GenerationConcurrency)])
        {
            if (value <= 0)
            {
                problems.Add($"{Section}:Cache:{setting} must be positive.");
            }
        }

        return problems;
    }
}
