using EsmCacheCluster.Format;

namespace EsmCacheCluster.Graph.Scanning;

public sealed record SourceTreeOptions
{
    /// <summary>Walk into node_modules folders (left out by default, like most monorepo tools).</summary>
    public bool IncludeNodeModules { get; init; }

    /// <summary>Honour .gitignore files (the root's and nested ones).</summary>
    public bool RespectGitignore { get; init; } = true;

    /// <summary>Module files above this size are reported and skipped.</summary>
    public long MaxFileBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// The files to list: modules in JavaScript (ES modules and CommonJS), TypeScript and JSX, and declaration files
    /// (<c>.d.ts</c>, which end in <c>.ts</c>).
    /// </summary>
    public IReadOnlyList<string> Extensions { get; init; } = TransformOptions.ModuleExtensions;

    /// <summary>What decides which files a scan sees, as text: an index is only valid for the same.</summary>
    public string Settings =>
        $"node_modules={IncludeNodeModules};gitignore={RespectGitignore};max={MaxFileBytes};extensions={string.Join(',', Extensions)};transform={(Transform is null ? "by-extension" : "tsconfig")}";

    /// <summary>How a module file becomes JavaScript (extension and tsconfig); by its extension alone when null.</summary>
    public Func<string, TransformOptions>? Transform { get; init; }
}
