namespace EsmCacheCluster.Grains;

/// <summary>Limits of the module cache grains (section <c>EsmCache:Cache</c> of the silo's configuration).</summary>
public sealed class ModuleCacheOptions
{
    /// <summary>Uploads above this are rejected before they are hashed; default 16 MiB.</summary>
    public int MaxSourceBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Bytes of blobs the active module grains of a silo may hold; past it the least recently used are
    /// deactivated (their blobs stay in storage). Default 256 MiB.
    /// </summary>
    public long MaxHeldBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Bytes of records each silo keeps in its read-through record cache for batches. Default 256 MiB.</summary>
    public long RecordCacheBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Generations running at once on a silo (parse + V8 are CPU-bound); default: the core count.</summary>
    public int GenerationConcurrency { get; set; } = Environment.ProcessorCount;
}
