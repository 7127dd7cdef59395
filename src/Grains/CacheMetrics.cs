using System.Diagnostics.Metrics;

namespace EsmCacheCluster.Grains;

/// <summary>
/// The cache's own metrics on the <c>EsmCacheCluster</c> meter (exported with Orleans' own by the silo), plus
/// totals readable in-process for tests, benchmarks and <c>esmcache stats</c>.
/// </summary>
public sealed class CacheMetrics : IDisposable
{
    public const string MeterName = "EsmCacheCluster";

    private readonly Meter _meter;
    private readonly Counter<long> _hits, _misses, _generations, _rejected, _corrupt, _stale, _bytesServed, _evicted;
    private readonly Histogram<double> _generationTime;
    private long _hitCount, _missCount, _generationCount, _rejectedCount, _corruptCount, _staleCount, _bytesServedCount, _evictedCount, _storedBytes;

    public CacheMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _hits = _meter.CreateCounter<long>("esmcache.hits", description: "Requests answered from a stored record");
        _misses = _meter.CreateCounter<long>("esmcache.misses", description: "Requests for a source never generated");
        _generations = _meter.CreateCounter<long>("esmcache.generations", description: "Records or bytecode generated");
        _rejected = _meter.CreateCounter<long>("esmcache.rejected_uploads", description: "Uploads refused: hash mismatch or too large");
        _corrupt = _meter.CreateCounter<long>("esmcache.corrupt_blobs", description: "Stored blobs that failed validation");
        _stale = _meter.CreateCounter<long>("esmcache.stale_blobs", description: "Stored blobs from another analyser or engine");
        _bytesServed = _meter.CreateCounter<long>("esmcache.bytes_served", unit: "By", description: "BMES bytes returned to callers");
        _evicted = _meter.CreateCounter<long>("esmcache.evicted_blobs", description: "Stored blobs deleted by retention");
        _meter.CreateObservableGauge("esmcache.stored_bytes", () => Interlocked.Read(ref _storedBytes), unit: "By", description: "Bytes in module storage after the last retention sweep");
        _generationTime = _meter.CreateHistogram<double>("esmcache.generation_time", unit: "ms", description: "Time to generate one record");
    }

    public long Hits => Interlocked.Read(ref _hitCount);

    public long Misses => Interlocked.Read(ref _missCount);

    public long Generations => Interlocked.Read(ref _generationCount);

    public long RejectedUploads => Interlocked.Read(ref _rejectedCount);

    public long CorruptBlobs => Interlocked.Read(ref _corruptCount);

    public long StaleBlobs => Interlocked.Read(ref _staleCount);

    public long BytesServed => Interlocked.Read(ref _bytesServedCount);

    public void Hit() => Add(_hits, ref _hitCount, 1);

    public void Miss() => Add(_misses, ref _missCount, 1);

    public void Rejected() => Add(_rejected, ref _rejectedCount, 1);

    public void Corrupt() => Add(_corrupt, ref _corruptCount, 1);

    public void Stale() => Add(_stale, ref _staleCount, 1);

    public void Served(long bytes) => Add(_bytesServed, ref _bytesServedCount, bytes);

    public void Generated(TimeSpan elapsed)
    {
        Add(_generations, ref _generationCount, 1);
        _generationTime.Record(elapsed.TotalMilliseconds);
    }

    private static void Add(Counter<long> counter, ref long total, long value)
    {
        Interlocked.Add(ref total, value);
        counter.Add(value);
    }

    public long EvictedBlobs => Interlocked.Read(ref _evictedCount);

    /// <summary>After a retention sweep: what storage holds now, and how many blobs it deleted.</summary>
    public void Swept(long storedBytes, int evicted)
    {
        Interlocked.Exchange(ref _storedBytes, storedBytes);
        Add(_evicted, ref _evictedCount, evicted);
    }

    public void Dispose() => _meter.Dispose();
}
