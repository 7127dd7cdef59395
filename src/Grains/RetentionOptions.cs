namespace EsmCacheCluster.Grains;

/// <summary>How long stored blobs are kept and how much of them (<c>EsmCache:Retention:*</c>).</summary>
public sealed class RetentionOptions
{
    /// <summary>Blobs not read for this long are deleted.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Above this many bytes stored, the least recently read go first; null: no cap.</summary>
    public long? MaxBytes { get; set; }

    /// <summary>How often the cluster's sweeper runs.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A blob written or read this recently is never deleted: it may belong to a module being generated.</summary>
    public TimeSpan MinAge { get; set; } = TimeSpan.FromHours(1);
}
