using EsmCacheCluster.Records;

namespace EsmCacheCluster.Client;

/// <summary>Counts of what a <see cref="ModuleCacheClient"/> did, for reports and tests.</summary>
public sealed class ClientStats
{
    private long _localHits, _clusterHits, _generated, _fallbacks, _clusterCalls, _deduplicated, _localBytesWritten;

    public long LocalHits => Interlocked.Read(ref _localHits);

    public long ClusterHits => Interlocked.Read(ref _clusterHits);

    public long Generated => Interlocked.Read(ref _generated);

    public long Fallbacks => Interlocked.Read(ref _fallbacks);

    /// <summary>Calls made to the cluster (one per batch or per blob request).</summary>
    public long ClusterCalls => Interlocked.Read(ref _clusterCalls);

    /// <summary>Requests that joined an identical request already in flight instead of calling again.</summary>
    public long Deduplicated => Interlocked.Read(ref _deduplicated);

    internal void Count(FetchOrigin origin)
    {
        switch (origin)
        {
            case FetchOrigin.LocalCache: Interlocked.Increment(ref _localHits); break;
            case FetchOrigin.Cluster: Interlocked.Increment(ref _clusterHits); break;
            case FetchOrigin.ClusterGenerated: Interlocked.Increment(ref _generated); break;
            case FetchOrigin.LocalFallback: Interlocked.Increment(ref _fallbacks); break;
        }
    }

    /// <summary>Bytes of blobs written to the local cache folder.</summary>
    public long LocalBytesWritten => Interlocked.Read(ref _localBytesWritten);

    internal void LocalWrite(int bytes) => Interlocked.Add(ref _localBytesWritten, bytes);

    internal void ClusterCall() => Interlocked.Increment(ref _clusterCalls);

    internal void Joined() => Interlocked.Increment(ref _deduplicated);
}
