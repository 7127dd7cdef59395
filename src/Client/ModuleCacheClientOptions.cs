using EsmCacheCluster.Records;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.Client;

/// <summary>How a <see cref="ModuleCacheClient"/> works; checked by <see cref="ModuleCacheClientOptionsValidator"/> when the client is made.</summary>
public sealed class ModuleCacheClientOptions
{
    /// <summary>A local BMES folder read before the cluster and filled from it; null for none.</summary>
    public string? LocalCacheDirectory { get; set; }

    /// <summary>
    /// Write what the cluster sends into the local folder. Off when the local folder is the embedded silo's own
    /// storage, which writes it already.
    /// </summary>
    public bool WriteLocalCache { get; set; } = true;

    /// <summary>
    /// What makes records here when the cluster cannot (or when there is no cluster): analysis alone
    /// (<c>EsmCacheCluster.Analysis.AnalysisGenerator</c>, portable) or analysis and V8 bytecode
    /// (<c>EsmCacheCluster.Generation.ModuleGenerator</c>). Null: the client depends on the cluster, and trusts
    /// its local folder's records whatever analyser made them. The caller owns it and disposes it after the client.
    /// </summary>
    public IModuleGenerator? LocalGenerator { get; set; }

    /// <summary>Lookups per cluster call; larger batches amortise the round trip, smaller ones bound its size.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// Source bytes per cluster call, at most (a single larger source goes alone): far below Orleans' message size
    /// limit, so a batch of large modules is split instead of dropping the connection.
    /// </summary>
    public int MaxBatchBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Batches in flight at once; requests arriving meanwhile queue up and form the next batch.</summary>
    public int MaxConcurrentBatches { get; set; } = 4;

    /// <summary>Attempts per cluster call before falling back; retries wait <see cref="RetryDelay"/>, doubling.</summary>
    public int MaxAttempts { get; set; } = 4;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between retries (the doubling stops here).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After a batch failed on the cluster (every attempt), later batches go straight to local work for this long
    /// instead of each waiting out its own attempts: a circuit breaker. Zero turns it off.
    /// </summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>When the cluster fails, analyse locally (and say so) instead of failing the caller.</summary>
    public bool FallbackToLocal { get; set; } = true;
}
