namespace EsmCacheCluster.Graph.Resolution;

/// <summary>TypeScript's node_modules lookups: the nearest folder up the tree, scoped <c>@types</c> packages, and <c>typeRoots</c>.</summary>
public sealed partial class ModuleResolver
{
    private TsFound? NearestNodeModules(TsExtensions extensions, string moduleName, string directory, TsState state, bool typesScopeOnly)
    {
        var priority = extensions & (TsExtensions.TypeScript | TsExtensions.Declaration);
        var secondary = extensions & ~(TsExtensions.TypeScript | TsExtensions.Declaration);
        if (priority != TsExtensions.None && Lookup(priority) is { } first)
        {
            return first;
        }

        return secondary != TsExtensions.None && !typesScopeOnly ? Lookup(secondary) : null;

        TsFound? Lookup(TsExtensions wanted)
        {
            for (string? dir = directory; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                if (Path.GetFileName(dir) == "node_modules")
                {
                    continue;
                }

                if (ImmediateNodeModules(wanted, moduleName, dir, state, typesScopeOnly) is { } found)
                {
                    return found;
                }
            }

            return null;
        }
    }

    private TsFound? ImmediateNodeModules(TsExtensions extensions, string moduleName, string directory, TsState state, bool typesScopeOnly)
    {
        string nodeModules = Path.Combine(directory, "node_modules");
        if (!IsDirectory(nodeModules))
        {
            return null;
        }

        if (!typesScopeOnly && SpecificNodeModules(extensions, moduleName, nodeModules, state) is { } found)
        {
            return found;
        }

        string atTypes = Path.Combine(nodeModules, "@types");
        return extensions.HasFlag(TsExtensions.Declaration) && IsDirectory(atTypes)
            ? SpecificNodeModules(TsExtensions.Declaration, MangleScopedPackageName(moduleName), atTypes, state)
            : null;
    }

    private static string MangleScopedPackageName(string name)
    {
        if (!name.StartsWith('@'))
        {
            return name;
        }

        int slash = name.IndexOf('/');
        return slash < 0 ? name : name[1..slash] + "__" + name[(slash + 1)..];
    }

    /// <summary>TypeScript's loadModuleFromSpecificNodeModulesDirectory.</summary>
    private TsFound? SpecificNodeModules(TsExtensions extensions, string moduleName, string nodeModules, TsState state)
    {
        string candidate = Path.GetFullPath(Path.Combine(nodeModules, moduleName));
        var (packageName, rest) = ParsePackageName(moduleName);
        string packageDirectory = Path.Combine(nodeModules, packageName);
        var packageInfo = ReadPackageJson(candidate);
        PackageJson? rootPackage = null;
        if (rest.Length > 0 && packageInfo is not null
            && (!state.Features.HasFlag(TsFeatures.Exports) || (rootPackage = ReadPackageJson(packageDirectory))?.Exports is null))
        {
            return LoadFromFile(extensions, candidate, state) ?? LoadFromDirectory(extensions, candidate, state, packageInfo);
        }

        if (rest.Length > 0)
        {
            packageInfo = rootPackage ?? ReadPackageJson(packageDirectory);
        }

        if (packageInfo?.Exports is not null && state.Features.HasFlag(TsFeatures.Exports))
        {
            return TsExportsResolve(packageDirectory, packageInfo, extensions, rest.Length == 0 ? "." : "./" + rest, state, configLookup: false);
        }

        var result = ((rest.Length > 0 || !state.Features.HasFlag(TsFeatures.EsmMode)) ? LoadFromFile(extensions, candidate, state) : null)
            ?? LoadFromDirectory(extensions, candidate, state, packageInfo);
        if (result is null && rest.Length == 0 && packageInfo is not null && state.Features.HasFlag(TsFeatures.EsmMode))
        {
            result = LoadFromFile(extensions, Path.Combine(candidate, "index.js"), state);
        }

        return result;
    }

    private TsFound? FromTypeRoots(string moduleName, TsState state)
    {
        if (state.Config.TypeRoots is not { } roots)
        {
            return null;
        }

        foreach (var root in roots)
        {
            string candidate = Path.Combine(root, MangleScopedPackageName(moduleName));
            if (LoadFromFile(TsExtensions.Declaration, candidate, state) is { } file)
            {
                return file;
            }

            if (LoadFromDirectory(TsExtensions.Declaration, candidate, state, ReadPackageJson(candidate)) is { } directory)
            {
                return directory;
            }
        }

        return null;
    }
}
