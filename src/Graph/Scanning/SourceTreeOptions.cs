namespace EsmCacheCluster.Graph.Scanning;

public sealed class SourceTreeOptions
{
    /// <summary>Walk into node_modules folders (left out by default, like most monorepo tools).</summary>
    public bool IncludeNodeModules { get; init; }

    /// <summary>Honour .gitignore files (the root's and nested ones).</summary>
    public bool RespectGitignore { get; init; } = true;

    /// <summary>Module files above this size are reported and skipped.</summary>
    public long MaxFileBytes { get; init; } = 16 * 1024 * 1024;

    public IReadOnlyList<string> Extensions { get; init; } = [".js", ".mjs"];
}
