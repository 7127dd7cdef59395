using EsmCacheCluster.Format;

namespace EsmCacheCluster.Records;

/// <summary>A module record and where it came from.</summary>
public readonly record struct ModuleFetch(ModuleRecord Record, FetchOrigin Origin);
