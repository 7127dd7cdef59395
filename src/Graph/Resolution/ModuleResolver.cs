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
