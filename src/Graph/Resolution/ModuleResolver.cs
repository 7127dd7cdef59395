using System.Collections.Concurrent;
using System.Text.Json;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.Graph.Resolution;

/// <summary>
/// Node's ESM resolution (the "Resolution Algorithm Specification" of the Node.js docs: ESM_RESOLVE,
/// PACKAGE_RESOLVE, PACKAGE_EXPORTS_RESOLVE, PACKAGE_IMPORTS_RESOLVE, PACKAGE_TARGET_RESOLVE), over file system
/// paths, with an opt-in bundler mode. Thread-safe; file system facts and package.json files are cached, so
/// resolving a whole monorepo asks the disk about each directory and file once.
/// </summary>
public sealed partial class ModuleResolver
{
    /// <summary>Node's conditions for <c>import</c>; <c>default</c> always matches.</summary>
    public static readonly string[] NodeConditions = ["node", "import"];

    public static readonly string[] BundlerConditions = ["import", "module", "browser"];

    private static readonly string[] BundlerExtensions = [".js", ".mjs", ".jsx", ".ts", ".tsx", ".mts", ".json"];

    private static readonly (string Js, string[] TypeScript)[] TypeScriptSources = [(".js", [".ts", ".tsx"]), (".jsx", [".tsx", ".ts"]), (".mjs", [".mts"]), (".cjs", [".cts"])];

    private readonly ResolveMode _mode;
    private readonly HashSet<string> _conditions;
    private readonly HashSet<string> _requireConditions;
    private readonly ResolverFileSystem _fs = new();
    private readonly ConcurrentDictionary<string, Remembered<PackageJson?>> _packages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Remembered<string?>> _scopes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Remembered<string>> _realPaths = new(StringComparer.Ordinal);

    public ModuleResolver(ResolveMode mode = ResolveMode.Node, IEnumerable<string>? conditions = null)
    {
        _mode = mode;
        _conditions = new HashSet<string>(conditions ?? (mode == ResolveMode.Bundler ? BundlerConditions : NodeConditions), StringComparer.Ordinal);
        // require() matches "require" where import() matches "import"; the other conditions are the same.
        _requireConditions = new HashSet<string>(_conditions, StringComparer.Ordinal);
        if (_requireConditions.Remove("import"))
        {
            _requireConditions.Add("require");
        }
    }

    /// <summary>
    /// The tsconfig.json whose rules resolve imports of <paramref name="parentPath"/> (null unless the mode is auto):
    /// the one that covers it; for a TypeScript file none covers, the nearest one up the folders, as TypeScript's
    /// language service reads a loose file, else TypeScript's defaults with bundler resolution.
    /// </summary>
    public TsConfig? TypeScriptConfigFor(string parentPath) =>
        _mode != ResolveMode.Auto ? null : TsConfigFor(parentPath) ?? (IsTypeScriptSource(parentPath) ? LooseTsConfig(parentPath) : null);

    /// <summary>The file system facts this resolver has used; dependency ids refer to them.</summary>
    public ResolverFileSystem FileSystem => _fs;

    /// <summary>The resolver's settings as text (with the revision of its rules): a cached resolution is only valid for the same.</summary>
    public string Settings => $"{_mode};{string.Join(',', _conditions.Order(StringComparer.Ordinal))};rules=2";

    /// <summary>Resolves as <see cref="Resolve(string, string, ImportKind)"/>, with the ids of every file system fact the answer depended on.</summary>
    public Resolution Resolve(string specifier, string parentPath, ImportKind kind, out int[] dependencies) =>
        ResolverFileSystem.Track(() => Resolve(specifier, parentPath, kind), out dependencies);

    /// <summary>Resolves a static import as <see cref="Resolve(string, string, ImportKind, out int[])"/> does.</summary>
    public Resolution Resolve(string specifier, string parentPath, out int[] dependencies) => Resolve(specifier, parentPath, ImportKind.Static, out dependencies);

    /// <summary>
    /// Resolves <paramref name="specifier"/> referred to by the module at <paramref name="parentPath"/> (absolute), as
    /// <paramref name="kind"/> does: an import as Node's ESM loader (or TypeScript under the file's tsconfig), a
    /// <c>require</c> as Node's CommonJS loader (TypeScript's CommonJS mode), a reference path as a file next to the
    /// module, a reference to types as TypeScript's type reference directives.
    /// </summary>
    public Resolution Resolve(string specifier, string parentPath, ImportKind kind = ImportKind.Static)
    {
        if (kind == ImportKind.ReferencePath)
        {
            return ResolveReferencePath(specifier, parentPath);
        }

        if (TypeScriptConfigFor(parentPath) is { } config)
        {
            return ResolveTypeScript(specifier, parentPath, config, kind);
        }

        if (kind == ImportKind.ReferenceTypes)
        {
            return ResolveTypeScript(specifier, parentPath, LooseTsConfig(parentPath), kind);
        }

        try
        {
            return kind == ImportKind.Require ? ResolveCommonJs(specifier, parentPath) : ResolveCore(specifier, parentPath);
        }
        catch (ResolutionException e)
        {
            return Resolution.Failed(e.Message);
        }
        catch (Exception e) when (e is UriFormatException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Hostile or broken inputs (a malformed specifier, a symlink loop, an unreadable folder) fail this
            // one resolution, never the scan.
            return Resolution.Failed($"cannot resolve '{specifier}': {e.Message}");
        }
    }

    private Resolution ResolveCore(string specifier, string parentPath)
    {
        if (NodeBuiltins.TryResolve(specifier, out string builtin))
        {
            return Resolution.OfBuiltin(builtin);
        }

        string resolved;
        if (specifier.StartsWith('/') || specifier.StartsWith("./", StringComparison.Ordinal) || specifier.StartsWith("../", StringComparison.Ordinal)
            || specifier is "." or "..")
        {
            resolved = UrlToPath(new Uri(FileUri(parentPath), specifier), specifier);
        }
        else if (specifier.StartsWith('#'))
        {
            resolved = PackageImportsResolve(specifier, parentPath, _conditions);
        }
        else if (Uri.TryCreate(specifier, UriKind.Absolute, out var url) && specifier.Contains(':'))
        {
            if (url.Scheme == "node")
            {
                throw new ResolutionException($"unknown builtin module '{specifier}'");
            }

            if (url.Scheme != "file")
            {
                throw new ResolutionException($"unsupported URL scheme '{url.Scheme}:' (only file: and node: are loadable)");
            }

            resolved = UrlToPath(url, specifier);
        }
        else
        {
            var package = PackageResolve(specifier, parentPath, _conditions);
            if (package.Builtin is not null)
            {
                return package;
            }

            resolved = package.Path!;
        }

        return Finalize(resolved, specifier);
    }

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

    private static (string Name, string Subpath) SplitPackageSpecifier(string specifier)
    {
        int slash = specifier.IndexOf('/');
        if (specifier.StartsWith('@'))
        {
            slash = slash < 0 ? -1 : specifier.IndexOf('/', slash + 1);
        }

        string name = slash < 0 ? specifier : specifier[..slash];
        return (name, "." + specifier[name.Length..]);
    }

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

    /// <summary>
    /// <c>/// &lt;reference path="…" /&gt;</c>: a file next to the module, as TypeScript reads it (the path as
    /// written, else with a TypeScript extension added).
    /// </summary>
    private Resolution ResolveReferencePath(string path, string parentPath)
    {
        try
        {
            string candidate = Path.GetFullPath(path, Path.GetDirectoryName(parentPath)!);
            if (IsFile(candidate))
            {
                return Resolution.File(RealPath(candidate));
            }

            foreach (var extension in (ReadOnlySpan<string>)[".ts", ".tsx", ".d.ts", ".mts", ".d.mts", ".cts", ".d.cts"])
            {
                if (IsFile(candidate + extension))
                {
                    return Resolution.File(RealPath(candidate + extension));
                }
            }

            return Resolution.Failed($"referenced file '{path}' not found (from {parentPath})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Resolution.Failed($"cannot resolve '{path}': {e.Message}");
        }
    }

    /// <summary>The last step of ESM_RESOLVE: the file must exist and not be a directory; symlinks are resolved.</summary>
    private Resolution Finalize(string path, string specifier)
    {
        if (_mode == ResolveMode.Bundler && !IsFile(path))
        {
            if (TryBundlerFile(path) is { } found)
            {
                return Resolution.File(RealPath(found));
            }
        }

        if (IsDirectory(path))
        {
            throw new ResolutionException($"directory import '{specifier}' is not supported resolving ES modules (resolved to {path})");
        }

        if (!IsFile(path))
        {
            throw new ResolutionException($"cannot find module '{path}' imported as '{specifier}'");
        }

        return Resolution.File(RealPath(path));
    }

    /// <summary>
    /// What bundlers accept for a missing file: a TypeScript source named by its output (<c>./x.js</c> for
    /// <c>x.ts</c>/<c>x.tsx</c>, <c>.mjs</c> for <c>.mts</c>), extensionless files, then directory index files.
    /// </summary>
    private string? TryBundlerFile(string path)
    {
        foreach (var (js, typescript) in TypeScriptSources)
        {
            if (path.EndsWith(js, StringComparison.Ordinal))
            {
                foreach (var extension in typescript)
                {
                    string candidate = path[..^js.Length] + extension;
                    if (IsFile(candidate))
                    {
                        return candidate;
                    }
                }
            }
        }

        foreach (var extension in BundlerExtensions)
        {
            if (IsFile(path + extension))
            {
                return path + extension;
            }
        }

        if (IsDirectory(path))
        {
            foreach (var extension in BundlerExtensions)
            {
                string index = Path.Combine(path, "index" + extension);
                if (IsFile(index))
                {
                    return index;
                }
            }
        }

        return null;
    }

    private Resolution PackageResolve(string specifier, string parentPath, HashSet<string> conditions)
    {
        if (specifier.Length == 0)
        {
            throw new ResolutionException("empty module specifier");
        }

        string name;
        int slash = specifier.IndexOf('/');
        if (!specifier.StartsWith('@'))
        {
            name = slash < 0 ? specifier : specifier[..slash];
        }
        else
        {
            if (slash < 0)
            {
                throw new ResolutionException($"invalid module specifier '{specifier}': a scoped package needs a name after the scope");
            }

            int second = specifier.IndexOf('/', slash + 1);
            name = second < 0 ? specifier : specifier[..second];
        }

        if (name.StartsWith('.') || name.Contains('\\') || name.Contains('%'))
        {
            throw new ResolutionException($"invalid module specifier '{specifier}': not a valid package name");
        }

        string subpath = "." + specifier[name.Length..];
        if (subpath.EndsWith('/'))
        {
            throw new ResolutionException($"invalid module specifier '{specifier}': ends in a slash");
        }

        if (PackageSelfResolve(name, subpath, parentPath, conditions) is { } self)
        {
            return Resolution.File(self);
        }

        for (string? dir = Path.GetDirectoryName(parentPath); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            string packageDir = Path.Combine(dir, "node_modules", name);
            if (!IsDirectory(packageDir))
            {
                continue;
            }

            var package = ReadPackageJson(packageDir);
            if (package?.Exports is { } exports)
            {
                return Resolution.File(PackageExportsResolve(packageDir, subpath, exports, specifier, conditions));
            }

            if (subpath == ".")
            {
                return Resolution.File(LegacyMainResolve(packageDir, package, specifier));
            }

            return Resolution.File(Path.Combine(packageDir, subpath[2..]));
        }

        throw new ResolutionException($"cannot find package '{name}' imported from {parentPath}");
    }

    private string? PackageSelfResolve(string name, string subpath, string parentPath, HashSet<string> conditions)
    {
        if (LookupPackageScope(parentPath) is not { } scope)
        {
            return null;
        }

        var package = ReadPackageJson(scope);
        if (package?.Exports is not { } exports || package.Name != name)
        {
            return null;
        }

        return PackageExportsResolve(scope, subpath, exports, name + subpath[1..], conditions);
    }

    /// <summary>Node's legacy main resolution for packages without "exports" (bundler mode prefers "module").</summary>
    private string LegacyMainResolve(string packageDir, PackageJson? package, string specifier)
    {
        var mains = new List<string>(2);
        if (_mode == ResolveMode.Bundler && package?.Module is { Length: > 0 } module)
        {
            mains.Add(module);
        }

        if (package?.Main is { Length: > 0 } main)
        {
            mains.Add(main);
        }

        foreach (var candidate in mains)
        {
            string basePath = Path.GetFullPath(Path.Combine(packageDir, candidate));
            foreach (var suffix in (string[])["", ".js", ".json", ".node", "/index.js", "/index.json", "/index.node"])
            {
                if (IsFile(basePath + suffix))
                {
                    return basePath + suffix;
                }
            }

            if (_mode == ResolveMode.Bundler && TryBundlerFile(basePath) is { } found)
            {
                return found;
            }
        }

        foreach (var index in (string[])["index.js", "index.json", "index.node"])
        {
            string path = Path.Combine(packageDir, index);
            if (IsFile(path))
            {
                return path;
            }
        }

        throw new ResolutionException($"cannot find the main module of package '{specifier}' in {packageDir}");
    }

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

    /// <summary>LOOKUP_PACKAGE_SCOPE: the nearest folder with a package.json, not crossing a node_modules folder.</summary>
    private string? LookupPackageScope(string path)
    {
        string? dir = Path.GetDirectoryName(path);
        return dir is null ? null : ResolverFileSystem.Remember(_scopes, dir, static (d, self) => self.FindScope(d), this);
    }

    private string? FindScope(string dir)
    {
        for (string? current = dir; current is not null; current = Path.GetDirectoryName(current))
        {
            if (Path.GetFileName(current) == "node_modules")
            {
                return null;
            }

            if (IsFile(Path.Combine(current, "package.json")))
            {
                return current;
            }
        }

        return null;
    }

    private PackageJson? ReadPackageJson(string packageDir) =>
        ResolverFileSystem.Remember(_packages, packageDir, static (dir, self) => self.IsFile(Path.Combine(dir, "package.json")) ? PackageJson.Read(Path.Combine(dir, "package.json"), self._fs) : null, this);

    /// <summary>File URL to path, refusing encoded separators as Node does; query and fragment are dropped.</summary>
    private static string UrlToPath(Uri url, string specifier)
    {
        string absolutePath = url.AbsolutePath;
        if (absolutePath.Contains("%2F", StringComparison.OrdinalIgnoreCase) || absolutePath.Contains("%5C", StringComparison.OrdinalIgnoreCase))
        {
            throw new ResolutionException($"invalid module specifier '{specifier}': must not include encoded '/' or '\\' characters");
        }

        return Uri.UnescapeDataString(absolutePath);
    }

    private static Uri FileUri(string path) => new UriBuilder { Scheme = "file", Host = "", Path = path }.Uri;

    private bool IsFile(string path) => _fs.IsFile(path);

    private bool IsDirectory(string path) => _fs.IsDirectory(path);

    /// <summary>The path with every symbolic link resolved (Node's realpath), cached per directory.</summary>
    public string RealPath(string path) => RealPath(path, depth: 0);

    private string RealPath(string path, int depth)
    {
        string? dir = Path.GetDirectoryName(path);
        string realDir = dir is null ? "/" : RealDirectory(dir, depth);
        string file = Path.Combine(realDir, Path.GetFileName(path));
        return _fs.LinkTarget(file) is { } target ? RealPath(Path.GetFullPath(target, realDir), Followed(depth, file)) : file;
    }

    private string RealDirectory(string dir, int depth) =>
        depth == 0 ? ResolverFileSystem.Remember(_realPaths, dir, static (d, self) => self.RealDirectoryCore(d, 0), this) : RealDirectoryCore(dir, depth);

    private string RealDirectoryCore(string dir, int depth)
    {
        string? parent = Path.GetDirectoryName(dir);
        if (parent is null)
        {
            return dir;
        }

        string realParent = RealDirectory(parent, depth);
        string candidate = Path.Combine(realParent, Path.GetFileName(dir));
        return _fs.LinkTarget(candidate) is { } target ? RealDirectoryCore(Path.GetFullPath(target, realParent), Followed(depth, candidate)) : candidate;
    }

    // As the kernel does (ELOOP), a chain of links that long is a loop.
    private static int Followed(int depth, string link) =>
        depth < 40 ? depth + 1 : throw new IOException($"too many levels of symbolic links at {link}");

    private sealed class ResolutionException(string message) : Exception(message);
}
