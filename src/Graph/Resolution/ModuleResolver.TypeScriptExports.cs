using System.Text.Json;

namespace EsmCacheCluster.Graph.Resolution;

/// <summary>
/// TypeScript's reading of package self-names, <c>exports</c> and <c>imports</c> (its conditions, <c>types</c>
/// first, and <c>typesVersions</c>-style versioned keys), as its moduleNameResolver does under node16, nodenext and bundler.
/// </summary>
public sealed partial class ModuleResolver
{
    private bool TsSelfNameResolve(string moduleName, string directory, TsExtensions extensions, TsState state, out TsFound? found)
    {
        found = null;
        if (TsPackageScope(directory) is not { } scope || ReadPackageJson(scope) is not { Exports: not null, Name: { } name } package)
        {
            return false;
        }

        if (moduleName != name && !moduleName.StartsWith(name + "/", StringComparison.Ordinal))
        {
            return false;
        }

        string subpath = moduleName.Length == name.Length ? "." : "." + moduleName[name.Length..];
        if (state.Config.AllowJs && !directory.Split('/').Contains("node_modules"))
        {
            found = TsExportsResolve(scope, package, extensions, subpath, state, configLookup: false);
            return found is not null;
        }

        found = TsExportsResolve(scope, package, extensions & (TsExtensions.TypeScript | TsExtensions.Declaration), subpath, state, configLookup: false)
            ?? TsExportsResolve(scope, package, extensions & ~(TsExtensions.TypeScript | TsExtensions.Declaration), subpath, state, configLookup: false);
        return found is not null;
    }

    private bool TsImportsResolve(string moduleName, string directory, TsExtensions extensions, TsState state, out TsFound? found)
    {
        found = null;
        if (moduleName == "#" || moduleName.StartsWith("#/", StringComparison.Ordinal))
        {
            return true;
        }

        if (TsPackageScope(directory) is not { } scope || ReadPackageJson(scope)?.Imports is not { } imports)
        {
            return true;
        }

        found = TsExportsOrImports(scope, extensions, moduleName, imports, state, isImports: true, configLookup: false);
        return true;
    }

    private TsFound? TsExportsResolve(string packageDir, PackageJson package, TsExtensions extensions, string subpath, TsState state, bool configLookup)
    {
        var exports = package.Exports!.Value;
        if (subpath == ".")
        {
            JsonElement? main = null;
            if (exports.ValueKind is JsonValueKind.String or JsonValueKind.Array || (exports.ValueKind == JsonValueKind.Object && !exports.EnumerateObject().Any(p => p.Name.StartsWith('.'))))
            {
                main = exports;
            }
            else if (exports.ValueKind == JsonValueKind.Object && exports.TryGetProperty(".", out var dot))
            {
                main = dot;
            }

            return main is { } target ? TsTarget(packageDir, extensions, target, "", pattern: false, state, isImports: false, configLookup) : null;
        }

        if (exports.ValueKind == JsonValueKind.Object && exports.EnumerateObject().All(p => p.Name.StartsWith('.')))
        {
            return TsExportsOrImports(packageDir, extensions, subpath, exports, state, isImports: false, configLookup);
        }

        return null;
    }

    private TsFound? TsExportsOrImports(string packageDir, TsExtensions extensions, string moduleName, JsonElement table, TsState state, bool isImports, bool configLookup)
    {
        if (!moduleName.EndsWith('/') && !moduleName.Contains('*') && table.TryGetProperty(moduleName, out var exact))
        {
            return TsTarget(packageDir, extensions, exact, "", pattern: false, state, isImports, configLookup);
        }

        var keys = table.EnumerateObject().Select(p => p.Name)
            .Where(k => (k.IndexOf('*') is int star and >= 0 && star == k.LastIndexOf('*')) || k.EndsWith('/'))
            .ToList();
        keys.Sort(PatternKeyCompare);
        foreach (var key in keys)
        {
            int star = key.IndexOf('*');
            if (star >= 0 && !key.EndsWith('*') && moduleName.StartsWith(key[..star], StringComparison.Ordinal) && moduleName.EndsWith(key[(star + 1)..], StringComparison.Ordinal)
                && state.Features.HasFlag(TsFeatures.ExportsPatternTrailers))
            {
                string subpath = moduleName[star..(moduleName.Length - (key.Length - 1 - star))];
                return TsTarget(packageDir, extensions, table.GetProperty(key), subpath, pattern: true, state, isImports, configLookup);
            }

            if (key.EndsWith('*') && moduleName.StartsWith(key[..^1], StringComparison.Ordinal))
            {
                return TsTarget(packageDir, extensions, table.GetProperty(key), moduleName[(key.Length - 1)..], pattern: true, state, isImports, configLookup);
            }

            if (moduleName.StartsWith(key, StringComparison.Ordinal))
            {
                return TsTarget(packageDir, extensions, table.GetProperty(key), moduleName[key.Length..], pattern: false, state, isImports, configLookup);
            }
        }

        return null;
    }

    private TsFound? TsTarget(string packageDir, TsExtensions extensions, JsonElement target, string subpath, bool pattern, TsState state, bool isImports, bool configLookup)
    {
        switch (target.ValueKind)
        {
            case JsonValueKind.String:
                string value = target.GetString()!;
                if (!pattern && subpath.Length > 0 && !value.EndsWith('/'))
                {
                    return null;
                }

                if (!value.StartsWith("./", StringComparison.Ordinal))
                {
                    if (isImports && !value.StartsWith("../", StringComparison.Ordinal) && !value.StartsWith('/'))
                    {
                        string lookup = pattern ? value.Replace("*", subpath, StringComparison.Ordinal) : value + subpath;
                        var inner = new TsState(state.Config, state.Features, state.Conditions);
                        return TsTryResolve(lookup, packageDir, extensions, inner);
                    }

                    return null;
                }

                var parts = value.Split('/').Skip(2);
                if (parts.Any(p => p is ".." or "." or "node_modules") || subpath.Split('/').Any(p => p is ".." or "." or "node_modules"))
                {
                    return null;
                }

                string finalPath = Path.GetFullPath(pattern ? Path.Combine(packageDir, value).Replace("*", subpath, StringComparison.Ordinal) : Path.Combine(packageDir, value) + subpath);
                if (configLookup)
                {
                    return IsFile(finalPath) ? new TsFound(finalPath, true) : IsFile(finalPath + ".json") ? new TsFound(finalPath + ".json", true) : null;
                }

                return LoadFileNameFromPackageJsonField(extensions, finalPath, state);
            case JsonValueKind.Object:
                foreach (var condition in target.EnumerateObject())
                {
                    if (condition.Name == "default" || state.Conditions.Contains(condition.Name) || IsApplicableVersionedTypesKey(state.Conditions, condition.Name))
                    {
                        if (TsTarget(packageDir, extensions, condition.Value, subpath, pattern, state, isImports, configLookup) is { } result)
                        {
                            return result;
                        }
                    }
                }

                return null;
            case JsonValueKind.Array:
                foreach (var element in target.EnumerateArray())
                {
                    if (TsTarget(packageDir, extensions, element, subpath, pattern, state, isImports, configLookup) is { } result)
                    {
                        return result;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    // "types@>=5.0": versioned types conditions. TypeScript 5.9 matches ranges its version satisfies; only the
    // common ">=" and "*" forms are understood here, anything else does not match.
    private static bool IsApplicableVersionedTypesKey(string[] conditions, string key)
    {
        if (!conditions.Contains("types") || !key.StartsWith("types@", StringComparison.Ordinal))
        {
            return false;
        }

        string range = key[6..].Trim();
        if (range is "*" or "")
        {
            return true;
        }

        if (range.StartsWith(">=", StringComparison.Ordinal) && Version.TryParse(NormalizeVersion(range[2..]), out var minimum))
        {
            return new Version(5, 9, 3) >= minimum;
        }

        return false;
    }

    private static string NormalizeVersion(string version)
    {
        string v = version.Trim().TrimStart('v');
        return v.Count(c => c == '.') switch { 0 => v + ".0", _ => v };
    }
}
