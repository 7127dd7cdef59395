namespace EsmCacheCluster.Hosting;

/// <summary>Where a silo keeps its BMES blobs (setting <c>EsmCache:Storage</c>).</summary>
public enum StorageKind
{
    /// <summary>Files in a folder (<c>EsmCache:StoragePath</c>): one machine, and the embedded default.</summary>
    LocalFolder,

    /// <summary>Azure Blob Storage (<c>EsmCache:StorageConnectionString</c>, <c>EsmCache:StorageContainer</c>).</summary>
    AzureBlob,
}
