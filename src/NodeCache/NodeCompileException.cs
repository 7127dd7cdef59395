namespace EsmCacheCluster.NodeCache;

/// <summary>A module Node could not compile for its cache (a syntax error, a compile that ran out of time or memory), in words for the user.</summary>
public sealed class NodeCompileException(string message) : Exception(message);
