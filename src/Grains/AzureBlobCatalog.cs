using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.Grains;

/// <summary>
/// The Azure Blob container's module blobs and Node compile cache entries, named by Orleans' blob grain storage
/// <c>module-modulecache/KEY.json</c> and <c>entry-esmcache-nodeentry/KEY.json</c>.
/// A blob's last read is its <c>esmcache_lastread</c> metadata (Unix seconds), set when a module grain activates on
/// it and its mark is older than a day; without the mark, its last modification counts.
/// </summary>
public sealed class AzureBlobCatalog(BlobContainerClient container) : IModuleBlobCatalog
{
    public const string LastReadKey = "esmcache_lastread";

    public async IAsyncEnumerable<StoredBlob> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!(await container.ExistsAsync(cancellationToken).ConfigureAwait(false)).Value)
        {
            yield break;
        }

        foreach (var prefix in (string[])[ModuleCacheStorage.StateName + "-", NodeEntryStorage.StateName + "-"])
        {
            await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = prefix }, cancellationToken).ConfigureAwait(false))
            {
                var changed = item.Properties.LastModified ?? DateTimeOffset.UnixEpoch;
                yield return new StoredBlob(item.Name, item.Properties.ContentLength ?? 0, LastRead(item.Metadata, changed), changed, item.Properties.ETag?.ToString() ?? "");
            }
        }
    }

    public async Task<bool> DeleteAsync(StoredBlob blob, CancellationToken cancellationToken)
    {
        try
        {
            var response = await container.GetBlobClient(blob.Name).DeleteIfExistsAsync(
                conditions: new BlobRequestConditions { IfMatch = new ETag(blob.Version) }, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Value;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false; // rewritten or marked since it was listed
        }
    }

    public async Task MarkReadAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        var blob = container.GetBlobClient(grainId.Type.ToString() == NodeEntryStorage.GrainType ? NodeEntryStorage.BlobName(grainId) : ModuleCacheStorage.BlobName(grainId));
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            var now = DateTimeOffset.UtcNow;
            if (now - LastRead(properties.Metadata, properties.LastModified) < CacheUse.Resolution)
            {
                return;
            }

            var metadata = new Dictionary<string, string>(properties.Metadata) { [LastReadKey] = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };
            await blob.SetMetadataAsync(metadata, new BlobRequestConditions { IfMatch = properties.ETag }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Gone, changed meanwhile, or storage unreachable: the blob just looks older than it is.
        }
    }

    private static DateTimeOffset LastRead(IDictionary<string, string> metadata, DateTimeOffset changed) =>
        metadata.TryGetValue(LastReadKey, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : changed;
}
