namespace EsmCacheCluster.Graph.Resolution;

/// <summary>
/// What a specifier resolved to: a file (absolute, symlinks resolved as Node does), a builtin (<c>node:fs</c>),
/// or an error naming why not (the same cases Node reports: not found, not exported, invalid target...).
/// </summary>
public readonly record struct Resolution(string? Path, string? Builtin, string? Error)
{
    public bool IsResolved => Path is not null || Builtin is not null;

    /// <summary>The import resolved to a TypeScript declaration file (<c>.d.ts</c>, <c>.d.mts</c>, <c>.d.cts</c>, <c>.d.css.ts</c>): types, not a module that runs.</summary>
    public bool IsDeclaration => Path is { } path && Format.TransformOptions.IsDeclarationFile(path);

    public static Resolution File(string path) => new(path, null, null);

    public static Resolution OfBuiltin(string name) => new(null, name, null);

    public static Resolution Failed(string error) => new(null, null, error);
}
