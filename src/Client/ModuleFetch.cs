using EsmCacheCluster.Format;

namespace EsmCacheCluster.Client;

/// <summary>A module record and where it came from.</summary>
public readonly record struct ModuleFetch(ModuleRecord Record, FetchOrigin Origin);
