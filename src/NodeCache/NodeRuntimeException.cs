namespace EsmCacheCluster.NodeCache;

/// <summary>A Node runtime that cannot serve its compile cache here, with what is wrong in words for the user.</summary>
public sealed class NodeRuntimeException(string message) : Exception(message);
