using System.Text.Json;

namespace EsmCacheCluster.Graph.Resolution;

/// <summary>
/// Node's package <c>exports</c> and <c>imports</c> (PACKAGE_EXPORTS_RESOLVE, PACKAGE_IMPORTS_RESOLVE and their target
/// and pattern rules, as the ESM resolution algorithm specifies them), for the resolver's Node mode.
/// </summary>
public sealed partial class ModuleResolver
{
    private string PackageExportsResolve(string packageDir, string subpath, JsonElement exports, string specifier, HashSet<string> conditions)
    {
        bool hasDotKeys = false, hasOtherKeys = false;
        if (exports.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in exports.EnumerateObject())
            {
                if (property.Name.StartsWith('.'))
                {
                    hasDotKeys = true;
                }
                else
                {
                    hasOtherKeys = true;
                }
            }

            if (hasDotKeys && hasOtherKeys)
            {
                throw new ResolutionException($"invalid package configuration in {packageDir}: \"exports\" mixes subpaths and conditions");
            }
        }

        if (subpath == ".")
        {
            JsonElement? main = null;
            if (exports.ValueKind is JsonValueKind.String or JsonValueKind.Array || (exports.ValueKind == JsonValueKind.Object && !hasDotKeys))
            {
                main = exports;
            }
            else if (exports.ValueKind == JsonValueKind.Object && exports.TryGetProperty(".", out var dot))
            {
                main = dot;
            }

            if (main is { } target && PackageTargetResolve(packageDir, target, null, isImports: false, conditions) is { } resolved)
            {
                return resolved;
            }
        }
        else if (exports.ValueKind == JsonValueKind.Object && hasDotKeys)
        {
            if (PackageImportsExportsResolve(subpath, exports, packageDir, isImports: false, conditions) is { } resolved)
            {
                return resolved;
            }
        }

        throw new ResolutionException($"package subpath '{subpath}' is not exported by {Path.Combine(packageDir, "package.json")} (imported as '{specifier}')");
    }

    private string PackageImportsResolve(string specifier, string parentPath, HashSet<string> conditions)
    {
        if (specifier == "#" || specifier.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new ResolutionException($"invalid module specifier '{specifier}'");
        }

        if (LookupPackageScope(parentPath) is { } scope && ReadPackageJson(scope)?.Imports is { ValueKind: JsonValueKind.Object } imports)
        {
            if (PackageImportsExportsResolve(specifier, imports, scope, isImports: true, conditions) is { } resolved)
            {
                return resolved;
            }
        }

        throw new ResolutionException($"package import specifier '{specifier}' is not defined for {parentPath}");
    }

    private string? PackageImportsExportsResolve(string matchKey, JsonElement matchObject, string packageDir, bool isImports, HashSet<string> conditions)
    {
        if (!matchKey.Contains('*') && matchObject.TryGetProperty(matchKey, out var exact))
        {
            return PackageTargetResolve(packageDir, exact, null, isImports, conditions);
        }

        var expansionKeys = new List<string>();
        foreach (var property in matchObject.EnumerateObject())
        {
            int star = property.Name.IndexOf('*');
            if (star >= 0 && star == property.Name.LastIndexOf('*'))
            {
                expansionKeys.Add(property.Name);
            }
        }

        expansionKeys.Sort(PatternKeyCompare);
        foreach (var key in expansionKeys)
        {
            int star = key.IndexOf('*');
            string patternBase = key[..star];
            if (matchKey.StartsWith(patternBase, StringComparison.Ordinal) && matchKey != patternBase)
            {
                string trailer = key[(star + 1)..];
                if (trailer.Length == 0 || (matchKey.EndsWith(trailer, StringComparison.Ordinal) && matchKey.Length >= key.Length))
                {
                    string patternMatch = matchKey[patternBase.Length..^trailer.Length];
                    return PackageTargetResolve(packageDir, matchObject.GetProperty(key), patternMatch, isImports, conditions);
                }
            }
        }

        return null;
    }

    /// <summary>PATTERN_KEY_COMPARE: longer base first, then patterns before plain keys, then longer keys.</summary>
    private static int PatternKeyCompare(string a, string b)
    {
        int starA = a.IndexOf('*'), starB = b.IndexOf('*');
        int baseA = starA >= 0 ? starA + 1 : a.Length;
        int baseB = starB >= 0 ? starB + 1 : b.Length;
        if (baseA != baseB)
        {
            return baseA > baseB ? -1 : 1;
        }

        if (starA < 0)
        {
            return 1;
        }

        if (starB < 0)
        {
            return -1;
        }

        if (a.Length != b.Length)
        {
            return a.Length > b.Length ? -1 : 1;
        }

        return 0;
    }

    /// <summary>PACKAGE_TARGET_RESOLVE; null means "no match here" (the spec's null and undefined alike).</summary>
    private string? PackageTargetResolve(string packageDir, JsonElement target, string? patternMatch, bool isImports, HashSet<string> conditions)
    {
        switch (target.ValueKind)
        {
            case JsonValueKind.String:
                string value = target.GetString()!;
                if (!value.StartsWith("./", StringComparison.Ordinal))
                {
                    if (!isImports || value.StartsWith("../", StringComparison.Ordinal) || value.StartsWith('/') || IsUrl(value))
                    {
                        throw new ResolutionException($"invalid package target '{value}' in {packageDir}");
                    }

                    string bare = patternMatch is null ? value : value.Replace("*", patternMatch, StringComparison.Ordinal);
                    var package = PackageResolve(bare, Path.Combine(packageDir, "package.json"), conditions);
                    return package.Path ?? package.Builtin;
                }

                if (HasInvalidSegments(value.AsSpan(2)))
                {
                    throw new ResolutionException($"invalid package target '{value}' in {packageDir}");
                }

                if (patternMatch is not null && HasInvalidSegments(patternMatch))
                {
                    throw new ResolutionException($"invalid module specifier: '{patternMatch}' matches an invalid segment for target '{value}' in {packageDir}");
                }

                string substituted = patternMatch is null ? value : value.Replace("*", patternMatch, StringComparison.Ordinal);
                string resolved = UrlToPath(new Uri(FileUri(Path.Combine(packageDir, "package.json")), substituted), substituted);
                if (!resolved.StartsWith(packageDir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new ResolutionException($"invalid package target '{value}' in {packageDir}: leaves the package");
                }

                return resolved;

            case JsonValueKind.Object:
                foreach (var property in target.EnumerateObject())
                {
                    if (property.Name.Length > 0 && property.Name.All(char.IsAsciiDigit))
                    {
                        throw new ResolutionException($"invalid package configuration in {packageDir}: numeric condition '{property.Name}'");
                    }

                    if (property.Name == "default" || conditions.Contains(property.Name))
                    {
                        if (PackageTargetResolve(packageDir, property.Value, patternMatch, isImports, conditions) is { } found)
                        {
                            return found;
                        }
                    }
                }

                return null;

            case JsonValueKind.Array:
                ResolutionException? last = null;
                foreach (var item in target.EnumerateArray())
                {
                    try
                    {
                        if (PackageTargetResolve(packageDir, item, patternMatch, isImports, conditions) is { } found)
                        {
                            return found;
                        }
                    }
                    catch (ResolutionException e)
                    {
                        last = e;
                    }
                }

                return last is null ? null : throw last;

            case JsonValueKind.Null:
                return null;

            default:
                throw new ResolutionException($"invalid package target {target.GetRawText()} in {packageDir}");
        }
    }

    /// <summary>"", ".", ".." or "node_modules" segments (also percent-encoded) are not allowed in targets.</summary>
    private static bool HasInvalidSegments(ReadOnlySpan<char> path)
    {
        foreach (var range in path.SplitAny('/', '\\'))
        {
            var segment = path[range];
            if (segment.IsEmpty || segment is "." or ".."
                || segment.Equals("node_modules", StringComparison.OrdinalIgnoreCase)
                || segment.Equals("%2e", StringComparison.OrdinalIgnoreCase) || segment.Equals("%2e%2e", StringComparison.OrdinalIgnoreCase)
                || segment.Equals(".%2e", StringComparison.OrdinalIgnoreCase) || segment.Equals("%2e.", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUrl(string value) => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme.Length > 1;
}
