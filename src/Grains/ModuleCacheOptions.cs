namespace EsmCacheCluster.Grains;

/// <summary>Limits of the module cache grains (section <c>EsmCache:Cache</c> of the silo's configuration).</summary>
public sealed class ModuleCacheOptions
{
    /// <summary>Uploads above this are rejected before they are hashed; default 16 MiB.</summary>
    public int MaxSourceBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Bytes of records a silo keeps in memory (blobs and their decoded records); past it the least recently used
    /// module grains are deactivated. Default 512 MiB.
    /// </summary>
    public long MaxHeldBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Generations running at once on a silo (parse + V8 are CPU-bound); default: the core count.</summary>
    public int GenerationConcurrency { get; set; } = Environment.ProcessorCount;
}
