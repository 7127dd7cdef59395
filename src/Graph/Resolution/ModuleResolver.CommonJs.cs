namespace EsmCacheCluster.Graph.Resolution;

/// <summary>Node's CommonJS resolution, for <c>require()</c> edges: files with added extensions, folders by <c>main</c> and <c>index</c>.</summary>
public sealed partial class ModuleResolver
{
    /// <summary>
    /// Node's <c>require()</c> (the CommonJS "require(X) from module at path Y" algorithm): builtins, relative and
    /// absolute paths as files (<c>.js</c>, <c>.json</c>, <c>.node</c> added) or folders (<c>main</c>, then
    /// <c>index</c>), <c>#imports</c>, self-references and node_modules with <c>exports</c> under the
    /// <c>require</c> conditions; symlinks resolved.
    /// </summary>
    private Resolution ResolveCommonJs(string specifier, string parentPath)
    {
        if (NodeBuiltins.TryResolve(specifier, out string builtin))
        {
            return Resolution.OfBuiltin(builtin);
        }

        string directory = Path.GetDirectoryName(parentPath)!;
        if (specifier.StartsWith('/') || specifier.StartsWith("./", StringComparison.Ordinal) || specifier.StartsWith("../", StringComparison.Ordinal)
            || specifier is "." or "..")
        {
            string path = Path.GetFullPath(specifier, directory);
            return ((specifier.EndsWith('/') ? null : LoadAsFile(path)) ?? LoadAsDirectory(path)) is { } found
                ? Resolution.File(RealPath(found))
                : throw new ResolutionException($"cannot find module '{specifier}' required from {parentPath}");
        }

        if (specifier.StartsWith('#'))
        {
            return Resolution.File(RealPath(RequireExisting(PackageImportsResolve(specifier, parentPath, _requireConditions), specifier)));
        }

        if (specifier.Length == 0)
        {
            throw new ResolutionException("empty module specifier");
        }

        var (name, subpath) = SplitPackageSpecifier(specifier);
        if (LookupPackageScope(parentPath) is { } scope && ReadPackageJson(scope) is { Exports: { } selfExports, Name: { } selfName } && selfName == name)
        {
            return Resolution.File(RealPath(RequireExisting(PackageExportsResolve(scope, subpath, selfExports, specifier, _requireConditions), specifier)));
        }

        for (string? dir = directory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Path.GetFileName(dir) == "node_modules")
            {
                continue;
            }

            string packageDir = Path.Combine(dir, "node_modules", name);
            if (ReadPackageJson(packageDir) is { Exports: { } exports })
            {
                return Resolution.File(RealPath(RequireExisting(PackageExportsResolve(packageDir, subpath, exports, specifier, _requireConditions), specifier)));
            }

            string path = Path.Combine(dir, "node_modules", specifier);
            if (((specifier.EndsWith('/') ? null : LoadAsFile(path)) ?? LoadAsDirectory(path)) is { } found)
            {
                return Resolution.File(RealPath(found));
            }
        }

        throw new ResolutionException($"cannot find module '{specifier}' required from {parentPath}");
    }

    /// <summary>RESOLVE_ESM_MATCH of the CommonJS algorithm: an exports target must exist.</summary>
    private string RequireExisting(string path, string specifier) =>
        IsFile(path) ? path : throw new ResolutionException($"cannot find module '{path}' (exported as '{specifier}')");

    /// <summary>LOAD_AS_FILE: the path itself, then with .js, .json, .node.</summary>
    private string? LoadAsFile(string path)
    {
        foreach (var suffix in (ReadOnlySpan<string>)["", ".js", ".json", ".node"])
        {
            if (IsFile(path + suffix))
            {
                return path + suffix;
            }
        }

        return null;
    }

    /// <summary>LOAD_AS_DIRECTORY: package.json's main (as a file, then its index), else the folder's index.</summary>
    private string? LoadAsDirectory(string path)
    {
        if (!IsDirectory(path))
        {
            return null;
        }

        if (ReadPackageJson(path)?.Main is { Length: > 0 } main)
        {
            string target = Path.GetFullPath(main, path);
            if ((LoadAsFile(target) ?? LoadIndex(target)) is { } found)
            {
                return found;
            }
        }

        return LoadIndex(path);
    }

    private string? LoadIndex(string path)
    {
        foreach (var index in (ReadOnlySpan<string>)["index.js", "index.json", "index.node"])
        {
            string candidate = Path.Combine(path, index);
            if (IsFile(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
