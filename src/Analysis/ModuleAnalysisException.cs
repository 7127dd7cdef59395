namespace EsmCacheCluster.Analysis;

/// <summary>
/// The analyser could not build a record for reasons other than a syntax error (nesting beyond the parser's
/// stack guard). Such sources are reported, not cached: the module may be valid JavaScript.
/// </summary>
public sealed class ModuleAnalysisException(string message, Exception? inner = null) : Exception(message, inner);
