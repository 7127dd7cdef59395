namespace EsmCacheCluster.Runtime;

/// <summary>Where a module graph's load time went, and what the code cache did; thread-safe counters.</summary>
/// <remarks>
/// Load is what the engine waits for outside V8's own evaluation: the part of the graph walk not hidden behind
/// V8's start-up, compiling from code caches, and answering V8's module requests (resolve, read, fetch). Evaluate
/// is the rest: V8 compiling from source any module without a usable code cache (inside linking, where it cannot
/// be timed apart without slowing it), linking, and the modules' own code.
/// </remarks>
public sealed class LoadStats
{
    private long _resolveTicks, _fetchTicks, _compileCacheTicks, _onDemandTicks, _entryTicks;
    private long _modules, _fromCache, _rejected, _fromSource, _json;

    /// <summary>Resolving specifiers, summed over parallel loads (CPU spent, not wall time).</summary>
    public TimeSpan Resolve => Read(ref _resolveTicks);

    /// <summary>Reading sources and getting records and bytecode, summed over parallel loads (not wall time).</summary>
    public TimeSpan Fetch => Read(ref _fetchTicks);

    /// <summary>Wall time of walking the graph from the cached records: resolving, reading, fetching.</summary>
    public TimeSpan Prepare { get; internal set; }

    /// <summary>
    /// Wall time the host waited for that walk once its engine was ready: all of it when the walk started after
    /// the engine; less when it ran during V8's start-up.
    /// </summary>
    public TimeSpan PrepareWaited { get; internal set; }

    /// <summary>Compiling modules from their V8 code caches.</summary>
    public TimeSpan CompileFromCache => Read(ref _compileCacheTicks);

    /// <summary>Wall time of answering V8's module requests (the entry's and those while it links).</summary>
    public TimeSpan Requests => Read(ref _onDemandTicks) + Read(ref _entryTicks);

    /// <summary>Wall time of V8's evaluation of the entry without the module requests it made (see remarks).</summary>
    public TimeSpan Evaluate
    {
        get
        {
            var own = EvaluateWall - Read(ref _onDemandTicks);
            return own > TimeSpan.Zero ? own : TimeSpan.Zero;
        }
    }

    internal TimeSpan EvaluateWall { get; set; }

    /// <summary>What the engine waited for outside V8's evaluation (wall time, see remarks).</summary>
    public TimeSpan Load => PrepareWaited + CompileFromCache + Requests;

    /// <summary>Load and evaluate: everything after the engine started (wall time).</summary>
    public TimeSpan Total => Load + Evaluate;

    public long Modules => Interlocked.Read(ref _modules);

    public long CompiledFromCache => Interlocked.Read(ref _fromCache);

    /// <summary>Caches V8 refused (another engine build, or damage): those modules compiled from source.</summary>
    public long CacheRejected => Interlocked.Read(ref _rejected);

    /// <summary>Modules V8 compiled from source during evaluation (no cache, no usable bytecode, or found only then).</summary>
    public long CompiledFromSource => Interlocked.Read(ref _fromSource);

    public long JsonModules => Interlocked.Read(ref _json);

    internal void AddResolve(TimeSpan t) => Interlocked.Add(ref _resolveTicks, t.Ticks);

    internal void AddFetch(TimeSpan t) => Interlocked.Add(ref _fetchTicks, t.Ticks);

    internal void AddCompileFromCache(TimeSpan t, bool accepted)
    {
        Interlocked.Add(ref _compileCacheTicks, t.Ticks);
        Interlocked.Increment(ref accepted ? ref _fromCache : ref _rejected);
    }

    internal void FromSource() => Interlocked.Increment(ref _fromSource);

    internal void AddOnDemand(TimeSpan t) => Interlocked.Add(ref _onDemandTicks, t.Ticks);

    internal void AddEntry(TimeSpan t) => Interlocked.Add(ref _entryTicks, t.Ticks);

    internal void Module(bool json)
    {
        Interlocked.Increment(ref _modules);
        if (json)
        {
            Interlocked.Increment(ref _json);
        }
    }

    private static TimeSpan Read(ref long ticks) => TimeSpan.FromTicks(Interlocked.Read(ref ticks));
}
