using EsmCacheCluster.Client;
namespace EsmCacheCluster.Graph.Scanning;

/// <summary>A module file found by the walk: its path relative to the scan root (with '/'), absolute path and bytes.</summary>
public sealed record SourceFile(string RelativePath, string FullPath, ModuleSource Source);
