using Azure.Storage.Blobs;
using EsmCacheCluster.Format;
using EsmCacheCluster.Grains;
using EsmCacheCluster.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EsmCacheCluster.Silo;

/// <summary>
/// The blob storage: healthy while it answers (the container exists, or the local folder is there); degraded, not
/// unready, while it does not or writes wait for it (<see cref="StorageBreaker"/>): the silo keeps serving without
/// it, so it stays behind the Service.
/// </summary>
internal sealed class StorageHealthCheck(SiloSettings settings, StorageBreaker breaker) : IHealthCheck
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
                return !exists && !await CreateAsync(timeout.Token)
                    ? HealthCheckResult.Degraded($"container {_container.Name} missing")
                    : Answering($"container {_container.Name} reachable");
            }

            string root = settings.StoragePath ?? BmesDirectory.DefaultRoot();
            Directory.CreateDirectory(root);
            return Answering($"folder {root}");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Degraded($"storage unreachable, serving without it ({breaker.HeldWrites} writes held, {breaker.DroppedWrites} dropped): {e.Message}");
        }
    }

    private HealthCheckResult Answering(string what) => breaker.Degraded
        ? HealthCheckResult.Degraded($"{what}, but storage failed recently: {breaker.HeldWrites} writes held, {breaker.DroppedWrites} dropped")
        : HealthCheckResult.Healthy(what);

    // Orleans creates the container on first write; a fresh cluster must not look unready before that.
    private async Task<bool> CreateAsync(CancellationToken cancellationToken)
    {
        await _container!.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        return true;
    }
}
