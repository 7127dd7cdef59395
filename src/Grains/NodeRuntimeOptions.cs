namespace EsmCacheCluster.Grains;

/// <summary>Which Node runtimes a silo makes compile cache entries for (paths of node binaries), and how many compilers each may run at once.</summary>
public sealed class NodeRuntimeOptions
{
    public IReadOnlyList<string> NodePaths { get; init; } = [];

    public int CompilersPerRuntime { get; init; } = Environment.ProcessorCount;
}
