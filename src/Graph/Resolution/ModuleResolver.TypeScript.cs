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
