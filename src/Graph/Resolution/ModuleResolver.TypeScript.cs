using System.Collections.Concurrent;
using System.Text.Json;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.Graph.Resolution;

/// <summary>
/// TypeScript's module resolution (its moduleNameResolver, 5.9), for imports from files a tsconfig.json covers:
/// <c>paths</c>/<c>baseUrl</c>/<c>rootDirs</c>, relative and node_modules lookups with TypeScript's extension
/// rules (<c>.js</c> names a <c>.ts</c>/<c>.tsx</c>/<c>.d.ts</c>, extensionless and index files outside ESM mode),
/// package <c>exports</c>/<c>imports</c> under its conditions (<c>types</c>, <c>customConditions</c>), self-names,
/// <c>types</c>/<c>typings</c>/<c>main</c>, <c>@types</c>, under classic, node10, node16, nodenext and bundler.
/// </summary>
public sealed partial class ModuleResolver
{
    [Flags]
    private enum TsExtensions
    {
        None = 0,
        TypeScript = 1,
        JavaScript = 2,
        Declaration = 4,
        Json = 8,
        Implementation = TypeScript | JavaScript,
    }

    [Flags]
    private enum TsFeatures
    {
        None = 0,
        Imports = 2,
        SelfName = 4,
        Exports = 8,
        ExportsPatternTrailers = 16,
        All = 30,
        EsmMode = 32,
    }

    private sealed class TsState(TsConfig config, TsFeatures features, string[] conditions)
    {
        public TsConfig Config { get; } = config;

        public TsFeatures Features { get; set; } = features;

        public string[] Conditions { get; } = conditions;

        public bool CandidateIsFromPackageJsonField { get; set; }
    }

    /// <summary>A found file: its path and whether it lies under node_modules (TypeScript realpaths only those).</summary>
    private readonly record struct TsFound(string Path, bool External);

    private static readonly string[] ExtensionsToRemove = [".d.ts", ".d.mts", ".d.cts", ".mjs", ".mts", ".cjs", ".cts", ".ts", ".js", ".tsx", ".jsx", ".json"];

    private readonly ConcurrentDictionary<string, Remembered<TsConfig?>> _tsConfigs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Remembered<TsConfig?>> _tsConfigForFile = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Remembered<TsConfig[]>> _tsConfigsAbove = new(StringComparer.Ordinal);

    /// <summary>
    /// The tsconfig.json that covers <paramref name="file"/>: the nearest one up the folders that includes it (or a
    /// project it references); null when none does. Found once per file, for its transform and its imports alike.
    /// </summary>
    public TsConfig? TsConfigFor(string file) =>
        // Most folders have no tsconfig.json above them at all (plain JavaScript, node_modules): nothing to match per file.
        TsConfigsAbove(Path.GetDirectoryName(file)).Length == 0 ? null : ResolverFileSystem.Remember(_tsConfigForFile, file, static (f, self) => self.FindTsConfig(f), this);

    private TsConfig? FindTsConfig(string file)
    {
        foreach (var config in TsConfigsAbove(Path.GetDirectoryName(file)))
        {
            if (config.Covers(file))
            {
                return config;
            }

            foreach (var reference in config.References)
            {
                if (LoadTsConfig(reference) is { } referenced && referenced.Covers(file))
                {
                    return referenced;
                }
            }
        }

        return null;
    }

    /// <summary>The tsconfig.json files up the folders from <paramref name="dir"/>, nearest first, not crossing node_modules: once per folder.</summary>
    private TsConfig[] TsConfigsAbove(string? dir) =>
        dir is null || Path.GetFileName(dir) == "node_modules" ? [] : ResolverFileSystem.Remember(_tsConfigsAbove, dir, static (d, self) =>
        {
            var above = self.TsConfigsAbove(Path.GetDirectoryName(d));
            return self.LoadTsConfig(Path.Combine(d, "tsconfig.json")) is { } own ? [own, .. above] : above;
        }, this);

    /// <summary>
    /// How the module at <paramref name="path"/> becomes JavaScript: by its extension and the tsconfig that covers
    /// it (jsx settings; <c>allowJs</c> with <c>jsx</c> makes .js files JSX). None for JavaScript as written.
    /// </summary>
    public TransformOptions TransformFor(string path)
    {
        if (!TransformOptions.TryGetLanguage(path, out var language))
        {
            return TransformOptions.None;
        }

        var config = TsConfigFor(path) ?? (IsTypeScriptSource(path) ? NearestTsConfig(path) : null);
        var options = config?.TransformFor(language) ?? TransformOptions.ForFile(path);
        return options.IsNone && path.EndsWith(".js", StringComparison.Ordinal) ? new TransformOptions(JavaScriptFormat(path)) : options;
    }

    /// <summary>
    /// The module format of a <c>.js</c> file, as Node decides it: the nearest package.json's <c>type</c> (not looking
    /// past a node_modules folder), <c>module</c> or <c>commonjs</c>; with no type, its syntax decides.
    /// </summary>
    private SourceLanguage JavaScriptFormat(string path) =>
        (LookupPackageScope(path) is { } scope ? ReadPackageJson(scope)?.Type : null) switch
        {
            "module" => SourceLanguage.JavaScript,
            "commonjs" => SourceLanguage.CommonJs,
            _ => SourceLanguage.Ambiguous,
        };

    /// <summary>A TypeScript source or declaration file (<c>.ts</c>, <c>.tsx</c>, <c>.mts</c>, <c>.cts</c>, <c>.d.ts</c>...).</summary>
    private static bool IsTypeScriptSource(string path) =>
        path.EndsWith(".ts", StringComparison.Ordinal) || path.EndsWith(".tsx", StringComparison.Ordinal)
        || path.EndsWith(".mts", StringComparison.Ordinal) || path.EndsWith(".cts", StringComparison.Ordinal);

    /// <summary>The nearest tsconfig.json up the folders from a file, whether or not it includes the file.</summary>
    private TsConfig? NearestTsConfig(string file) => TsConfigsAbove(Path.GetDirectoryName(file)) is [var nearest, ..] ? nearest : null;

    /// <summary>The rules of a TypeScript file no tsconfig covers: the nearest tsconfig's, else TypeScript's defaults with bundler resolution.</summary>
    private TsConfig LooseTsConfig(string file) => NearestTsConfig(file) ?? TsConfig.Defaults;

    private TsConfig? LoadTsConfig(string path) =>
        ResolverFileSystem.Remember(_tsConfigs, path, static (p, self) => self.IsFile(p) ? TsConfig.Load(p, self._fs, self.ResolvePackageTsConfig) : null, this);

    /// <summary><c>extends</c> naming a package: TypeScript's config lookup (exports, the "tsconfig" field, tsconfig.json).</summary>
    private string? ResolvePackageTsConfig(string name, string directory)
    {
        var (packageName, rest) = ParsePackageName(name);
        for (string? dir = directory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            string packageDir = Path.Combine(dir, "node_modules", packageName);
            if (!IsDirectory(packageDir))
            {
                continue;
            }

            var package = ReadPackageJson(packageDir);
            if (package?.Exports is { } exports)
            {
                var state = new TsState(new TsConfig { FilePath = Path.Combine(directory, "tsconfig.json") }, TsFeatures.All, ["require", "types", "node"]);
                return TsExportsResolve(packageDir, package, TsExtensions.Json, rest.Length == 0 ? "." : "./" + rest, state, configLookup: true)?.Path;
            }

            string candidate = rest.Length == 0 ? packageDir : Path.Combine(packageDir, rest);
            if (rest.Length > 0)
            {
                if (IsFile(candidate))
                {
                    return candidate;
                }

                if (IsFile(candidate + ".json"))
                {
                    return candidate + ".json";
                }
            }

            var nested = ReadPackageJson(candidate);
            if (nested?.TsConfig is { } field && IsFile(Path.GetFullPath(field, candidate)))
            {
                return Path.GetFullPath(field, candidate);
            }

            string tsconfig = Path.Combine(candidate, "tsconfig.json");
            return IsFile(tsconfig) ? tsconfig : null;
        }

        return null;
    }

    /// <summary>
    /// Resolves an import of <paramref name="parentPath"/> as TypeScript does under <paramref name="config"/>. A
    /// resolved path is real (symlinks resolved) like every path of the graph.
    /// </summary>
    public Resolution ResolveTypeScript(string specifier, string parentPath, TsConfig config, ImportKind usage = ImportKind.Static)
    {
        try
        {
            var kind = config.ModuleResolution;
            string directory = Path.GetDirectoryName(parentPath)!;
            TsFound? found;
            if (usage == ImportKind.ReferenceTypes)
            {
                found = TypeReferenceResolve(specifier, parentPath, config);
            }
            else if (kind == TsModuleResolution.Classic)
            {
                found = ClassicResolve(specifier, directory, config);
            }
            else
            {
                var extensions = config.NoDtsResolution ? TsExtensions.Implementation : TsExtensions.Implementation | TsExtensions.Declaration;
                if (config.EffectiveResolveJsonModule)
                {
                    extensions |= TsExtensions.Json;
                }

                var state = StateFor(config, parentPath, usage);
                found = kind == TsModuleResolution.Node10
                    ? TsTryResolve(specifier, directory, (TsExtensions.TypeScript | TsExtensions.Declaration) & extensions, state)
                      ?? TsTryResolve(specifier, directory, extensions & ~(TsExtensions.TypeScript | TsExtensions.Declaration), state)
                    : TsTryResolve(specifier, directory, extensions, state);
            }

            if (found is not { } result)
            {
                return usage != ImportKind.ReferenceTypes && NodeBuiltins.TryResolve(specifier, out string builtin)
                    ? Resolution.OfBuiltin(builtin)
                    : Resolution.Failed(usage == ImportKind.ReferenceTypes
                        ? $"TypeScript ({(config.FilePath.Length == 0 ? "defaults" : config.FilePath)}) cannot find the type definitions '{specifier}'"
                        : $"TypeScript ({kind.ToString().ToLowerInvariant()}, {(config.FilePath.Length == 0 ? "defaults" : config.FilePath)}) cannot resolve '{specifier}'");
            }

            return Resolution.File(RealPath(result.Path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Resolution.Failed($"cannot resolve '{specifier}': {e.Message}");
        }
    }

    /// <summary>
    /// The features and conditions of one resolution, by the mode TypeScript uses for it (getModeForUsageLocation): a
    /// <c>require</c> (or <c>import x = require()</c>) is CommonJS, an <c>import()</c> ESM, other imports and type
    /// references follow the file's format under node16/nodenext and are ESM under bundler.
    /// </summary>
    private TsState StateFor(TsConfig config, string parentPath, ImportKind usage)
    {
        var kind = config.ModuleResolution;
        TsFeatures features;
        bool? esm = null;
        switch (kind)
        {
            case TsModuleResolution.Node16 or TsModuleResolution.NodeNext:
                esm = usage switch
                {
                    ImportKind.Require => false,
                    ImportKind.Dynamic => true,
                    _ => ImpliedFormatIsEsm(parentPath),
                };
                features = TsFeatures.All | (esm == true ? TsFeatures.EsmMode : 0);
                break;
            case TsModuleResolution.Bundler:
                features = TsFeatures.All;
                if (config.ResolvePackageJsonExports == false)
                {
                    features &= ~TsFeatures.Exports;
                }

                if (config.ResolvePackageJsonImports == false)
                {
                    features &= ~TsFeatures.Imports;
                }

                // The mode is the file's emit syntax: a require is CommonJS, and so is anything in a file emitted as CommonJS.
                esm = usage != ImportKind.Require && !EmitsCommonJs(parentPath, config);
                break;
            default:
                features = TsFeatures.None;
                break;
        }

        return new TsState(config, features, esm is { } isEsm ? Conditions(config, kind, isEsm) : []);
    }

    /// <summary>
    /// TypeScript's resolveTypeReferenceDirective: <c>&lt;typeRoot&gt;/&lt;name&gt;</c> in each type root (the
    /// config's <c>typeRoots</c>, else every <c>node_modules/@types</c> up the folders from the config), then the
    /// name as a package in the nearest node_modules (or a relative path), declaration files only.
    /// </summary>
    private TsFound? TypeReferenceResolve(string name, string parentPath, TsConfig config)
    {
        string directory = Path.GetDirectoryName(parentPath)!;
        var state = StateFor(config, parentPath, ImportKind.ReferenceTypes);
        IEnumerable<string> roots = config.TypeRoots ?? DefaultTypeRoots(config.FilePath.Length == 0 ? directory : config.Directory);
        foreach (var root in roots)
        {
            if (!IsDirectory(root))
            {
                continue;
            }

            string trimmed = root.TrimEnd('/');
            string candidate = Path.Combine(trimmed, trimmed.EndsWith("/node_modules/@types", StringComparison.Ordinal) ? MangleScopedPackageName(name) : name);
            if (LoadFromDirectory(TsExtensions.Declaration, candidate, state, ReadPackageJson(candidate)) is { } primary)
            {
                return primary with { External = true };
            }
        }

        return !IsRelativeName(name)
            ? NearestNodeModules(TsExtensions.Declaration, name, directory, state, typesScopeOnly: false) is { } secondary ? secondary with { External = true } : null
            : NodeLoadByRelativeName(TsExtensions.Declaration, Path.GetFullPath(name, directory), state, considerPackageJson: true);
    }

    private static IEnumerable<string> DefaultTypeRoots(string directory)
    {
        for (string? dir = directory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            yield return Path.Combine(dir, "node_modules", "@types");
        }
    }

    private static string[] Conditions(TsConfig config, TsModuleResolution kind, bool esm)
    {
        var conditions = new List<string> { esm ? "import" : "require" };
        if (!config.NoDtsResolution)
        {
            conditions.Add("types");
        }

        if (kind != TsModuleResolution.Bundler)
        {
            conditions.Add("node");
        }

        if (config.CustomConditions is { } custom)
        {
            conditions.AddRange(custom);
        }

        return [.. conditions];
    }

    /// <summary>
    /// Whether TypeScript emits <paramref name="file"/> as CommonJS outside node16/nodenext (its
    /// getEmitModuleFormatOfFile): a <c>.cts</c>/<c>.cjs</c> file, a file in node_modules under a package of
    /// <c>"type": "commonjs"</c>, or a <c>module</c> setting older than ES2015.
    /// </summary>
    private bool EmitsCommonJs(string file, TsConfig config)
    {
        if (file.EndsWith(".cts", StringComparison.Ordinal) || file.EndsWith(".cjs", StringComparison.Ordinal))
        {
            return true;
        }

        if (file.EndsWith(".mts", StringComparison.Ordinal) || file.EndsWith(".mjs", StringComparison.Ordinal))
        {
            return false;
        }

        if (file.Contains("/node_modules/", StringComparison.Ordinal) && TsPackageScope(Path.GetDirectoryName(file)!) is { } scope
            && ReadPackageJson(scope)?.Type is { } type)
        {
            return type == "commonjs";
        }

        return config.EffectiveModule is "commonjs" or "amd" or "umd" or "system" or "none";
    }

    /// <summary>TypeScript's implied node format of a file under node16/nodenext: by extension, else the nearest package.json's "type".</summary>
    private bool ImpliedFormatIsEsm(string file)
    {
        if (file.EndsWith(".mts", StringComparison.Ordinal) || file.EndsWith(".mjs", StringComparison.Ordinal))
        {
            return true;
        }

        if (file.EndsWith(".cts", StringComparison.Ordinal) || file.EndsWith(".cjs", StringComparison.Ordinal))
        {
            return false;
        }

        return TsPackageScope(Path.GetDirectoryName(file)!) is { } scope && ReadPackageJson(scope)?.Type == "module";
    }

    private string? TsPackageScope(string directory)
    {
        for (string? dir = directory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (IsFile(Path.Combine(dir, "package.json")))
            {
                return dir;
            }
        }

        return null;
    }

    private static bool IsRelativeName(string name) =>
        name.StartsWith("./", StringComparison.Ordinal) || name.StartsWith("../", StringComparison.Ordinal) || name is "." or ".." || name.StartsWith('/');

    private static (string Name, string Subpath) ParsePackageName(string moduleName)
    {
        int index = moduleName.IndexOf('/');
        if (moduleName.StartsWith('@') && index >= 0)
        {
            index = moduleName.IndexOf('/', index + 1);
        }

        return index < 0 ? (moduleName, "") : (moduleName[..index], moduleName[(index + 1)..]);
    }

    private TsFound? TsTryResolve(string moduleName, string directory, TsExtensions extensions, TsState state)
    {
        if (extensions == TsExtensions.None)
        {
            return null;
        }

        if (TryPathsBaseUrlRootDirs(moduleName, directory, extensions, state, (e, c, s) => NodeLoadByRelativeName(e, c, s, considerPackageJson: true)) is { } viaSettings)
        {
            return viaSettings;
        }

        if (!IsRelativeName(moduleName))
        {
            if (state.Features.HasFlag(TsFeatures.Imports) && moduleName.StartsWith('#'))
            {
                if (TsImportsResolve(moduleName, directory, extensions, state, out var imported))
                {
                    return imported;
                }
            }

            if (state.Features.HasFlag(TsFeatures.SelfName) && TsSelfNameResolve(moduleName, directory, extensions, state, out var self))
            {
                return self;
            }

            if (moduleName.Contains(':'))
            {
                return null;
            }

            var fromNodeModules = NearestNodeModules(extensions, moduleName, directory, state, typesScopeOnly: false);
            if (fromNodeModules is null && extensions.HasFlag(TsExtensions.Declaration))
            {
                fromNodeModules = FromTypeRoots(moduleName, state);
            }

            return fromNodeModules is { } f ? f with { External = true } : null;
        }

        string combined = Path.Combine(directory, moduleName);
        string candidate = Path.GetFullPath(combined);
        if (moduleName is "." or ".." || moduleName.EndsWith("/.", StringComparison.Ordinal) || moduleName.EndsWith("/..", StringComparison.Ordinal))
        {
            candidate = candidate.TrimEnd('/') + "/";
        }

        return NodeLoadByRelativeName(extensions, candidate, state, considerPackageJson: true) is { } relative
            ? relative with { External = combined.Split('/').Contains("node_modules") }
            : null;
    }

    private delegate TsFound? TsLoader(TsExtensions extensions, string candidate, TsState state);

    private TsFound? TryPathsBaseUrlRootDirs(string moduleName, string directory, TsExtensions extensions, TsState state, TsLoader loader)
    {
        var config = state.Config;
        if (config.Paths is { } paths && !(moduleName.StartsWith("./", StringComparison.Ordinal) || moduleName.StartsWith("../", StringComparison.Ordinal) || moduleName is "." or ".."))
        {
            string baseDirectory = config.BaseUrl ?? config.PathsBasePath!;
            if (TryPaths(extensions, moduleName, baseDirectory, paths, loader, state, out var viaPaths))
            {
                return viaPaths;
            }
        }

        if (!IsRelativeName(moduleName))
        {
            return config.BaseUrl is { } baseUrl ? loader(extensions, Path.GetFullPath(Path.Combine(baseUrl, moduleName)), state) : null;
        }

        if (config.RootDirs is not { } rootDirs)
        {
            return null;
        }

        string candidate = Path.GetFullPath(Path.Combine(directory, moduleName));
        string? matchedRoot = null, matchedPrefix = null;
        foreach (var rootDir in rootDirs)
        {
            string prefix = rootDir.EndsWith('/') ? rootDir : rootDir + "/";
            if (candidate.StartsWith(prefix, StringComparison.Ordinal) && (matchedPrefix is null || matchedPrefix.Length < prefix.Length))
            {
                matchedPrefix = prefix;
                matchedRoot = rootDir;
            }
        }

        if (matchedPrefix is null)
        {
            return null;
        }

        if (loader(extensions, candidate, state) is { } found)
        {
            return found;
        }

        string suffix = candidate[matchedPrefix.Length..];
        foreach (var rootDir in rootDirs)
        {
            if (rootDir != matchedRoot && loader(extensions, Path.Combine(rootDir, suffix), state) is { } other)
            {
                return other;
            }
        }

        return null;
    }

    /// <summary>The <c>paths</c> entry that matches (exact, else the longest prefix before its one <c>*</c>), tried in order. True when one matched, found or not.</summary>
    private bool TryPaths(TsExtensions extensions, string moduleName, string baseDirectory, IReadOnlyDictionary<string, string[]> paths, TsLoader loader, TsState state, out TsFound? found)
    {
        found = null;
        string? matched = null;
        string? star = null;
        if (paths.ContainsKey(moduleName) && !moduleName.Contains('*'))
        {
            matched = moduleName;
        }
        else
        {
            int bestPrefix = -1;
            foreach (var key in paths.Keys)
            {
                int at = key.IndexOf('*');
                if (at < 0 || key.IndexOf('*', at + 1) >= 0)
                {
                    continue;
                }

                string prefix = key[..at], suffix = key[(at + 1)..];
                if (moduleName.Length >= prefix.Length + suffix.Length && moduleName.StartsWith(prefix, StringComparison.Ordinal)
                    && moduleName.EndsWith(suffix, StringComparison.Ordinal) && prefix.Length > bestPrefix)
                {
                    bestPrefix = prefix.Length;
                    matched = key;
                    star = moduleName[prefix.Length..(moduleName.Length - suffix.Length)];
                }
            }
        }

        if (matched is null)
        {
            return false;
        }

        foreach (var substitution in paths[matched])
        {
            string path = star is null ? substitution : ReplaceFirst(substitution, "*", star);
            string candidate = Path.GetFullPath(Path.Combine(baseDirectory, path));
            if (TryExtractExtension(substitution) is not null && TryFileLookup(candidate) is { } direct)
            {
                found = new TsFound(direct, false);
                return true;
            }

            if (loader(extensions, candidate, state) is { } loaded)
            {
                found = loaded;
                return true;
            }
        }

        return true;
    }

    private static string ReplaceFirst(string text, string what, string with)
    {
        int at = text.IndexOf(what, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), with, text.AsSpan(at + what.Length));
    }

    private static string? TryExtractExtension(string path)
    {
        foreach (var extension in (string[])[".d.ts", ".d.mts", ".d.cts", ".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".json"])
        {
            if (path.EndsWith(extension, StringComparison.Ordinal))
            {
                return extension;
            }
        }

        return null;
    }

    private string? TryFileLookup(string path) => IsFile(path) ? path : null;

    private TsFound? NodeLoadByRelativeName(TsExtensions extensions, string candidate, TsState state, bool considerPackageJson)
    {
        if (!candidate.EndsWith('/'))
        {
            if (LoadFromFile(extensions, candidate, state) is { } file)
            {
                return file;
            }
        }

        if (state.Features.HasFlag(TsFeatures.EsmMode))
        {
            return null;
        }

        string directory = candidate.TrimEnd('/');
        if (directory.Length == 0)
        {
            directory = "/";
        }

        var package = considerPackageJson ? ReadPackageJson(directory) : null;
        return LoadFromDirectory(extensions, directory, state, package);
    }

    private TsFound? LoadFromFile(TsExtensions extensions, string candidate, TsState state)
    {
        if (LoadFromFileNoImplicitExtensions(extensions, candidate, state) is { } replaced)
        {
            return replaced;
        }

        return state.Features.HasFlag(TsFeatures.EsmMode) ? null : TryAddingExtensions(candidate, extensions, "", state);
    }

    private TsFound? LoadFromFileNoImplicitExtensions(TsExtensions extensions, string candidate, TsState state)
    {
        string fileName = Path.GetFileName(candidate);
        if (!fileName.Contains('.'))
        {
            return null;
        }

        string extensionless = candidate;
        foreach (var extension in ExtensionsToRemove)
        {
            if (candidate.EndsWith(extension, StringComparison.Ordinal))
            {
                extensionless = candidate[..^extension.Length];
                break;
            }
        }

        if (extensionless == candidate)
        {
            extensionless = candidate[..candidate.LastIndexOf('.')];
        }

        return TryAddingExtensions(extensionless, extensions, candidate[extensionless.Length..], state);
    }

    private TsFound? TryAddingExtensions(string candidate, TsExtensions extensions, string original, TsState state)
    {
        bool ts = extensions.HasFlag(TsExtensions.TypeScript), js = extensions.HasFlag(TsExtensions.JavaScript), dts = extensions.HasFlag(TsExtensions.Declaration);
        TsFound? Try(string extension) => IsFile(candidate + extension) ? new TsFound(candidate + extension, false) : null;
        switch (original)
        {
            case ".mjs" or ".mts" or ".d.mts":
                return (ts ? Try(".mts") : null) ?? (dts ? Try(".d.mts") : null) ?? (js ? Try(".mjs") : null);
            case ".cjs" or ".cts" or ".d.cts":
                return (ts ? Try(".cts") : null) ?? (dts ? Try(".d.cts") : null) ?? (js ? Try(".cjs") : null);
            case ".json":
                return (dts ? Try(".d.json.ts") : null) ?? (extensions.HasFlag(TsExtensions.Json) ? Try(".json") : null);
            case ".tsx" or ".jsx":
                return (ts ? Try(".tsx") ?? Try(".ts") : null) ?? (dts ? Try(".d.ts") : null) ?? (js ? Try(".jsx") ?? Try(".js") : null);
            case ".ts" or ".d.ts" or ".js" or "":
                return (ts ? Try(".ts") ?? Try(".tsx") : null) ?? (dts ? Try(".d.ts") : null) ?? (js ? Try(".js") ?? Try(".jsx") : null);
            default:
                return dts && !TransformOptions.IsDeclarationFile(candidate + original) ? Try($".d{original}.ts") : null;
        }
    }

    /// <summary>TypeScript's loadNodeModuleFromDirectoryWorker: the types/typings/main fields, then index.</summary>
    private TsFound? LoadFromDirectory(TsExtensions extensions, string candidate, TsState state, PackageJson? package)
    {
        string? packageFile = null;
        if (package is not null)
        {
            packageFile = (extensions.HasFlag(TsExtensions.Declaration) && package.Types is { } types ? Path.GetFullPath(types, candidate) : null)
                ?? ((extensions & (TsExtensions.Implementation | TsExtensions.Declaration)) != 0 && package.Main is { } main ? Path.GetFullPath(main, candidate) : null);
        }

        if (packageFile is not null)
        {
            if (LoadFileNameFromPackageJsonField(extensions, packageFile, state) is { } direct)
            {
                return direct;
            }

            var expanded = extensions == TsExtensions.Declaration ? TsExtensions.TypeScript | TsExtensions.Declaration : extensions;
            var features = state.Features;
            bool fromField = state.CandidateIsFromPackageJsonField;
            state.CandidateIsFromPackageJsonField = true;
            if (package?.Type != "module")
            {
                state.Features &= ~TsFeatures.EsmMode;
            }

            var result = NodeLoadByRelativeName(expanded, packageFile, state, considerPackageJson: false);
            state.Features = features;
            state.CandidateIsFromPackageJsonField = fromField;
            if (result is not null)
            {
                return result;
            }
        }

        return state.Features.HasFlag(TsFeatures.EsmMode) ? null : LoadFromFile(extensions, Path.Combine(candidate, "index"), state);
    }

    private TsFound? LoadFileNameFromPackageJsonField(TsExtensions extensions, string candidate, TsState state)
    {
        bool tsImplementation = candidate.EndsWith(".ts", StringComparison.Ordinal) && !TransformOptions.IsDeclarationFile(candidate)
            || candidate.EndsWith(".tsx", StringComparison.Ordinal) || candidate.EndsWith(".mts", StringComparison.Ordinal) && !candidate.EndsWith(".d.mts", StringComparison.Ordinal)
            || candidate.EndsWith(".cts", StringComparison.Ordinal) && !candidate.EndsWith(".d.cts", StringComparison.Ordinal);
        bool declaration = candidate.EndsWith(".d.ts", StringComparison.Ordinal) || candidate.EndsWith(".d.mts", StringComparison.Ordinal) || candidate.EndsWith(".d.cts", StringComparison.Ordinal);
        if ((extensions.HasFlag(TsExtensions.TypeScript) && tsImplementation) || (extensions.HasFlag(TsExtensions.Declaration) && declaration))
        {
            return IsFile(candidate) ? new TsFound(candidate, false) : null;
        }

        return LoadFromFileNoImplicitExtensions(extensions, candidate, state);
    }

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

    /// <summary>TypeScript's classic resolution: the file at each ancestor, then @types.</summary>
    private TsFound? ClassicResolve(string moduleName, string directory, TsConfig config)
    {
        var state = new TsState(config, TsFeatures.None, []);
        return Try(TsExtensions.TypeScript | TsExtensions.Declaration)
            ?? Try(TsExtensions.JavaScript | (config.ResolveJsonModule == true ? TsExtensions.Json : TsExtensions.None));

        TsFound? Try(TsExtensions extensions)
        {
            if (TryPathsBaseUrlRootDirs(moduleName, directory, extensions, state, LoadFromFile) is { } viaSettings)
            {
                return viaSettings;
            }

            if (IsRelativeName(moduleName))
            {
                return LoadFromFile(extensions, Path.GetFullPath(Path.Combine(directory, moduleName)), state);
            }

            for (string? dir = directory; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                if (LoadFromFile(extensions, Path.GetFullPath(Path.Combine(dir, moduleName)), state) is { } found)
                {
                    return found;
                }
            }

            if ((extensions & (TsExtensions.TypeScript | TsExtensions.Declaration)) != 0)
            {
                return NearestNodeModules(TsExtensions.Declaration, moduleName, directory, state, typesScopeOnly: true)
                    ?? FromTypeRoots(moduleName, state);
            }

            return null;
        }
    }
}
