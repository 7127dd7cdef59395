namespace EsmCacheCluster.Client.Running;

/// <summary>Where a module graph's load time went, and what the code cache did; thread-safe counters.</summary>
public sealed class LoadStats
{
    private long _resolveTicks, _fetchTicks, _compileCacheTicks, _modules, _fromCache, _rejected, _fromSource, _json;

    /// <summary>Resolving specifiers, summed over parallel loads (CPU spent, not wall time).</summary>
    public TimeSpan Resolve => TimeSpan.FromTicks(Interlocked.Read(ref _resolveTicks));

    /// <summary>Reading sources and getting records and bytecode, summed over parallel loads (not wall time).</summary>
    public TimeSpan Fetch => TimeSpan.FromTicks(Interlocked.Read(ref _fetchTicks));

    /// <summary>Compiling modules from their V8 code caches.</summary>
    public TimeSpan CompileFromCache => TimeSpan.FromTicks(Interlocked.Read(ref _compileCacheTicks));

    /// <summary>Wall time of walking the graph before evaluation: resolving, reading, fetching records and bytecode.</summary>
    public TimeSpan Prepare { get; internal set; }

    /// <summary>Wall time from evaluating the entry to its end: linking, any compiling from source, running.</summary>
    public TimeSpan Evaluate { get; internal set; }

    /// <summary>Everything module loading and running took: prepare + compile from cache + evaluate (wall time).</summary>
    public TimeSpan Total => Prepare + CompileFromCache + Evaluate;

    public long Modules => Interlocked.Read(ref _modules);

    public long CompiledFromCache => Interlocked.Read(ref _fromCache);

    /// <summary>Caches V8 refused (another engine build, or damage): those modules compiled from source.</summary>
    public long CacheRejected => Interlocked.Read(ref _rejected);

    /// <summary>Modules V8 compiled from source while loading (no cache, no bytecode, or found only at run time).</summary>
    public long CompiledFromSource => Interlocked.Read(ref _fromSource);

    public long JsonModules => Interlocked.Read(ref _json);

    internal void AddResolve(TimeSpan t) => Interlocked.Add(ref _resolveTicks, t.Ticks);

    internal void AddFetch(TimeSpan t) => Interlocked.Add(ref _fetchTicks, t.Ticks);

    internal void AddCompileFromCache(TimeSpan t, bool accepted)
    {
        Interlocked.Add(ref _compileCacheTicks, t.Ticks);
        Interlocked.Increment(ref accepted ? ref _fromCache : ref _rejected);
    }

    internal void Module(bool json)
    {
        Interlocked.Increment(ref _modules);
        if (json)
        {
            Interlocked.Increment(ref _json);
        }
    }

    internal void FromSource() => Interlocked.Increment(ref _fromSource);
}
