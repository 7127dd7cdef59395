using Azure.Storage.Blobs;
using EsmCacheCluster.Format;
using EsmCacheCluster.Grains;
using EsmCacheCluster.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EsmCacheCluster.Silo;

/// <summary>Ready only while the blob storage answers: the container exists, or the local folder is there.</summary>
internal sealed class StorageHealthCheck(SiloSettings settings) : IHealthCheck
{
    private readonly BlobContainerClient? _container = settings.Storage == StorageKind.AzureBlob
        ? new BlobServiceClient(settings.StorageConnectionString).GetBlobContainerClient(settings.StorageContainer)
        : null;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (_container is not null)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                bool exists = await _container.ExistsAsync(timeout.Token);
                return exists || await CreateAsync(timeout.Token)
                    ? HealthCheckResult.Healthy($"container {_container.Name} reachable")
                    : HealthCheckResult.Unhealthy($"container {_container.Name} missing");
            }

            string root = settings.StoragePath ?? BmesDirectory.DefaultRoot();
            Directory.CreateDirectory(root);
            return HealthCheckResult.Healthy($"folder {root}");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"storage unreachable: {e.Message}");
        }
    }

    // Orleans creates the container on first write; a fresh cluster must not look unready before that.
    private async Task<bool> CreateAsync(CancellationToken cancellationToken)
    {
        await _container!.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        return true;
    }
}
