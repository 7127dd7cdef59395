namespace EsmCacheCluster.Format;

/// <summary>
/// Makes module records from sources. The silo's generator analyses and compiles; a client may carry one as its
/// local fallback (analysis alone, or analysis and V8), or none at all and depend on the cluster.
/// </summary>
/// <remarks>Implementations are thread-safe: a client calls them from many requests at once.</remarks>
public interface IModuleGenerator
{
    /// <summary>The analyser version its records carry; a stored record with another is stale.</summary>
    string AnalyzerVersion { get; }

    /// <summary>The producer fingerprint of the bytecode it makes; null when it makes none.</summary>
    string? BytecodeProducer { get; }

    /// <summary>The record alone: parse and module analysis. <paramref name="hash"/> is the SHA-256 of <paramref name="source"/>.</summary>
    ModuleRecord Analyze(ReadOnlySpan<byte> source, ContentHash hash);

    /// <summary>
    /// The record and its BMES blob, with bytecode when <paramref name="includeBytecode"/> and this generator makes
    /// any. <paramref name="sourceUrl"/> only names the module in diagnostics.
    /// </summary>
    GeneratedModule Generate(string sourceUrl, ReadOnlySpan<byte> source, ContentHash hash, bool includeBytecode);
}
