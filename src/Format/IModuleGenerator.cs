namespace EsmCacheCluster.Format;

/// <summary>
/// Makes module records from sources. The silo's generator transforms, analyses and compiles; a client may carry
/// one as its local fallback (analysis alone, or everything), or none at all and depend on the cluster.
/// </summary>
/// <remarks>Implementations are thread-safe: a client calls them from many requests at once.</remarks>
public interface IModuleGenerator
{
    /// <summary>The analyser version its records carry; a stored record with another is stale.</summary>
    string AnalyzerVersion { get; }

    /// <summary>The producer fingerprint of the bytecode it makes; null when it makes none.</summary>
    string? BytecodeProducer { get; }

    /// <summary>
    /// The transform recipe its records for <paramref name="transform"/> carry ("" for plain JavaScript); a stored
    /// record with another is stale. Null when this generator cannot make such records (no transformer here).
    /// </summary>
    string? TransformRecipe(TransformOptions transform);

    /// <summary>The record alone: transform, parse and module analysis. <paramref name="key"/> holds the SHA-256 of <paramref name="source"/>.</summary>
    ModuleRecord Analyze(ReadOnlySpan<byte> source, CacheKey key);

    /// <summary>
    /// The record and its BMES blob, with bytecode when <paramref name="includeBytecode"/> and this generator makes
    /// any. <paramref name="sourceUrl"/> names the module in diagnostics (and JSX development output).
    /// </summary>
    GeneratedModule Generate(string sourceUrl, ReadOnlySpan<byte> source, CacheKey key, bool includeBytecode);

    /// <summary>
    /// A module under <paramref name="transform"/> will be generated soon: start, on another thread, whatever that
    /// needs and takes long to start (a V8 engine with the transformers), so the first one does not wait for it.
    /// </summary>
    void Prepare(TransformOptions transform)
    {
    }
}
